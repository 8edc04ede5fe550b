// Cashiers at the till: the back office sets them up with a PIN and a role;
// a till signs a cashier in (a session every bill of that cashier names,
// so a bill sent again later from the till's outbox still belongs to that
// cashier) and out; a supervisor approves one bill with a PIN at the till
// (the PIN is checked there and then, so it never sits in the till's
// outbox; the bill carries the approval's id). Wrong PINs lock a cashier.
#ifndef TILLSTREAM_SERVER_USECASES_CASHIER_ACCESS_H_
#define TILLSTREAM_SERVER_USECASES_CASHIER_ACCESS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/identity/audit.h"
#include "server/domain/staff/cashier_repository.h"
#include "server/usecases/clock.h"

namespace tillstream {

struct SignedIn {
  Cashier cashier;
  CashierSession session;
};

class CashierAccess {
 public:
  CashierAccess(CashierRepository* repo, Clock clock, PinPolicy policy = {})
      : repo_(repo), clock_(std::move(clock)), policy_(policy) {}

  // The back office: creating or changing a cashier (a new PIN unlocks it).
  absl::StatusOr<Cashier> SetCashier(const Cashier& cashier, const std::string& pin,
                                     const std::string& by);
  absl::StatusOr<std::vector<Cashier>> ListCashiers(const std::string& org_id);
  absl::StatusOr<Cashier> Unlock(const std::string& org_id,
                                 const std::string& cashier_id);

  // At the till.
  absl::StatusOr<SignedIn> SignIn(const TillIdentity& till, const std::string& cashier_id,
                                  const std::string& pin);
  // Ends the session (idempotent); only this till's (NOT_FOUND otherwise).
  absl::Status SignOut(const TillIdentity& till, const std::string& session_id);
  // A supervisor's approval of `bill_id` at `till`, recorded in the audit
  // trail as the supervisor's.
  absl::StatusOr<SupervisorApproval> Approve(const TillIdentity& till,
                                             const std::string& supervisor_id,
                                             const std::string& pin,
                                             const std::string& bill_id,
                                             const std::string& reason);

  // The supervisor whose PIN came on `request` itself (its fields named
  // `request`.supervisor_id and .pin); a wrong PIN counts as at sign-in,
  // PERMISSION_DENIED for a cashier who is not a supervisor.
  absl::StatusOr<Cashier> VerifySupervisor(const TillIdentity& till,
                                           const std::string& supervisor_id,
                                           const std::string& pin,
                                           const std::string& request);

  // What a submitted bill names, checked: the session is this till's and
  // was open at `billing_time` (FAILED_PRECONDITION otherwise); the approval
  // is for this bill at this till.
  absl::StatusOr<CashierSession> SessionOfBill(const TillIdentity& till,
                                               const std::string& session_id,
                                               absl::Time billing_time);
  absl::StatusOr<SupervisorApproval> ApprovalOfBill(const TillIdentity& till,
                                                    const std::string& approval_id,
                                                    const std::string& bill_id);

 private:
  // The cashier whose PIN this is; a wrong PIN is counted.
  absl::StatusOr<Cashier> Verify(const std::string& org_id, const std::string& cashier_id,
                                 const std::string& pin, const char* pin_field);

  CashierRepository* const repo_;
  const Clock clock_;
  const PinPolicy policy_;
};

// The audit record of a write a supervisor approved at `till` (the audit
// trail's principal is then the supervisor, not a key).
AuditRecord SupervisorAudit(const Cashier& supervisor, const std::string& rpc,
                            const TillIdentity& till, const std::string& bill_id,
                            const std::string& reason);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_CASHIER_ACCESS_H_
