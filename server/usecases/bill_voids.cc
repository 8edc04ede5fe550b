#include "server/usecases/bill_voids.h"

#include "absl/strings/str_cat.h"
#include "common/business_date.h"
#include "common/ids.h"
#include "common/validation.h"
#include "server/domain/sales/bill_repository.h"

namespace tillstream {

absl::StatusOr<StoredBill> BillVoids::VoidAtTill(const TillContext& till,
                                                 const VoidRequest& request) {
  if (cashiers_ == nullptr) {
    return absl::FailedPreconditionError("this server has no cashiers");
  }
  if (auto s = CheckUuid("void_bill.bill_id", request.bill_id); !s.ok()) return s;
  if (auto s = CheckText("void_bill.reason", request.reason, 200); !s.ok()) return s;
  const std::string bill_id = CanonicalUuid(request.bill_id);
  const std::string& org_id = till.org.org_id;
  auto found = repos_.bills->GetBill(org_id, bill_id);
  if (!found.ok()) return found.status();
  const Bill& bill = found->bill;
  if (bill.store_id != till.store.store_id || bill.till_id != till.till_id) {
    return absl::PermissionDeniedError(
        absl::StrCat("bill ", bill_id, " was rung at till ", bill.store_id, "/",
                     bill.till_id, ": a till voids only its own bills"));
  }
  auto today = BusinessDate(clock_(), till.org.time_zone);
  if (!today.ok()) return today.status();
  if (bill.business_date != *today) {
    return absl::FailedPreconditionError(
        absl::StrCat("bill ", bill_id, " is of ", bill.business_date,
                     ": a till voids only today's bills; the back office deletes "
                     "older ones"));
  }
  const TillIdentity at = till.identity();
  auto supervisor =
      cashiers_->VerifySupervisor(at, request.supervisor_id, request.pin, "void_bill");
  if (!supervisor.ok()) return supervisor.status();
  if (bill.status == BillStatus::kDeleted) {  // voided already: a retry
    found->replayed = true;
    return found;
  }
  const AuditRecord record = SupervisorAudit(*supervisor, "TerminalService/VoidBill", at,
                                             bill_id, request.reason);
  ScopedAudit audit(&record);
  return repos_.bills->DeleteBill(
      org_id, bill_id,
      absl::StrCat("supervisor ", request.supervisor_id, " at till ", at.Describe()),
      request.reason);
}

}  // namespace tillstream
