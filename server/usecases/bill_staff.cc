#include "server/usecases/bill_staff.h"

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/validation.h"

namespace tillstream {

std::string SupervisorNeededFor(const BillingConfig& rules, const Bill& bill) {
  if (!rules.require_cashier) return "";
  if (bill.type == BillType::kReturn) return "a return";
  if (rules.supervisor_discount_bp > 0 && bill.discount_minor > 0 &&
      // discount / gross > limit / 10000, in integers
      static_cast<__int128>(bill.discount_minor) * 10000 >
          static_cast<__int128>(bill.subtotal_minor) * rules.supervisor_discount_bp) {
    return absl::StrCat("a discount above ",
                        FormatMoney(rules.supervisor_discount_bp, bill.currency),
                        " % of the bill");
  }
  return "";
}

absl::StatusOr<BillStaff> CheckBillStaff(CashierAccess* access, const TillIdentity& till,
                                         const BillInput& in, const BillingConfig& rules,
                                         const std::string& why_supervisor) {
  BillStaff staff;
  if (access == nullptr) {
    if (!in.cashier_session_id.empty() || !in.approval_id.empty()) {
      return absl::FailedPreconditionError("this server has no cashiers");
    }
    return staff;
  }
  if (!in.cashier_session_id.empty()) {
    auto session = access->SessionOfBill(till, in.cashier_session_id, in.billing_time);
    if (!session.ok()) return session.status();
    staff.cashier_id = session->cashier_id;
    staff.cashier_session_id = session->session_id;
  } else if (rules.require_cashier) {
    return absl::FailedPreconditionError(
        "this org rings bills only with a cashier signed in: sign in with the "
        "cashier's PIN first (submit_bill.cashier_session_id is empty)");
  }
  if (!in.approval_id.empty()) {
    auto approval = access->ApprovalOfBill(till, in.approval_id, in.bill_id);
    if (!approval.ok()) return approval.status();
    staff.approval_id = approval->approval_id;
    staff.approved_by = approval->supervisor_id;
  } else if (!why_supervisor.empty()) {
    return absl::PermissionDeniedError(
        absl::StrCat(why_supervisor,
                     " needs a supervisor's approval of this bill (approve with the "
                     "supervisor's PIN, then submit it with the approval_id)"));
  }
  return staff;
}

}  // namespace tillstream
