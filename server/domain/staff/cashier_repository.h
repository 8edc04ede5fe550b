// Storage of cashiers, their sessions at tills and supervisors' approvals.
#ifndef TILLSTREAM_SERVER_DOMAIN_STAFF_CASHIER_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_STAFF_CASHIER_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/identity/till_identity.h"
#include "server/domain/staff/cashier.h"

namespace tillstream {

struct StoredCashier {
  Cashier cashier;
  std::string pin_hash;
};

struct CashierSession {
  std::string session_id;
  TillIdentity till;
  std::string cashier_id;
  absl::Time started_at;
  std::optional<absl::Time> ended_at;
};

struct SupervisorApproval {
  std::string approval_id;
  TillIdentity till;
  std::string bill_id;
  std::string supervisor_id;
  std::string reason;
  absl::Time approved_at;
};

class CashierRepository {
 public:
  virtual ~CashierRepository() = default;
  // Creates the cashier or replaces its name, role and PIN (which also
  // unlocks it). NOT_FOUND for an unknown org.
  virtual absl::StatusOr<Cashier> SetCashier(const StoredCashier& cashier,
                                             const std::string& by) = 0;
  // NOT_FOUND when the org has no such cashier.
  virtual absl::StatusOr<StoredCashier> FindCashier(const std::string& org_id,
                                                    const std::string& cashier_id) = 0;
  virtual absl::StatusOr<std::vector<Cashier>> ListCashiers(
      const std::string& org_id) = 0;
  // Counts a wrong PIN; at `policy.max_failures` in a row the cashier is
  // locked until `now + policy.lock`. The cashier as it is now.
  virtual absl::StatusOr<Cashier> RecordWrongPin(const std::string& org_id,
                                                 const std::string& cashier_id,
                                                 const PinPolicy& policy,
                                                 absl::Time now) = 0;
  // A right PIN: the count starts again.
  virtual absl::Status RecordRightPin(const std::string& org_id,
                                      const std::string& cashier_id) = 0;
  virtual absl::StatusOr<Cashier> Unlock(const std::string& org_id,
                                         const std::string& cashier_id) = 0;

  virtual absl::StatusOr<CashierSession> StartSession(const CashierSession& session) = 0;
  // Idempotent; NOT_FOUND for an unknown session.
  virtual absl::Status EndSession(const std::string& session_id, absl::Time at) = 0;
  virtual absl::StatusOr<CashierSession> FindSession(const std::string& session_id) = 0;

  virtual absl::StatusOr<SupervisorApproval> RecordApproval(
      const SupervisorApproval& approval) = 0;
  virtual absl::StatusOr<SupervisorApproval> FindApproval(
      const std::string& approval_id) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_STAFF_CASHIER_REPOSITORY_H_
