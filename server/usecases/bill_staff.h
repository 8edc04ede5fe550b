// Who stands behind a bill: the signed-in cashier whose session it names,
// and the supervisor who approved it where the org's rules need one (every
// return, and a discount above the org's limit, when the org requires
// cashiers). Checked for every submitted bill, a resent one too.
#ifndef TILLSTREAM_SERVER_USECASES_BILL_STAFF_H_
#define TILLSTREAM_SERVER_USECASES_BILL_STAFF_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/sales/bill.h"
#include "server/domain/sales/billing_rules.h"
#include "server/usecases/cashier_access.h"

namespace tillstream {

struct BillStaff {
  std::string cashier_id;
  std::string cashier_session_id;
  std::string approval_id;
  std::string approved_by;

  void ApplyTo(Bill* bill) const {
    bill->cashier_id = cashier_id;
    bill->cashier_session_id = cashier_session_id;
    bill->approval_id = approval_id;
    bill->approved_by = approved_by;
  }
};

// A bill that names a supervisor's approval may override the org's REJECT
// of an out-of-range total; CheckBillStaff then checks the approval itself.
inline Override OverrideOf(const BillInput& in) {
  return in.approval_id.empty() ? Override::kNone : Override::kSupervisor;
}

// Whether `bill` (priced) needs a supervisor under `rules`, and why ("" when not).
std::string SupervisorNeededFor(const BillingConfig& rules, const Bill& bill);

// The staff of `in` at `till`, checked: FAILED_PRECONDITION without a
// cashier where one is required, PERMISSION_DENIED without an approval
// where `why_supervisor` says one is needed; the session's and approval's
// own refusals otherwise. `access` null: the server has no cashiers (only
// bills naming none are accepted).
absl::StatusOr<BillStaff> CheckBillStaff(CashierAccess* access, const TillIdentity& till,
                                         const BillInput& in, const BillingConfig& rules,
                                         const std::string& why_supervisor);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_BILL_STAFF_H_
