// CashierRepository on PostgreSQL: cashiers, cashier_sessions and
// supervisor_approvals.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_CASHIER_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_CASHIER_REPOSITORY_H_

#include <string>
#include <vector>

#include "server/domain/staff/cashier_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgCashierRepository : public CashierRepository {
 public:
  explicit PgCashierRepository(PgPool* pool) : pool_(pool) {}

  absl::StatusOr<Cashier> SetCashier(const StoredCashier& cashier,
                                     const std::string& by) override;
  absl::StatusOr<StoredCashier> FindCashier(const std::string& org_id,
                                            const std::string& cashier_id) override;
  absl::StatusOr<std::vector<Cashier>> ListCashiers(const std::string& org_id) override;
  absl::StatusOr<Cashier> RecordWrongPin(const std::string& org_id,
                                         const std::string& cashier_id,
                                         const PinPolicy& policy,
                                         absl::Time now) override;
  absl::Status RecordRightPin(const std::string& org_id,
                              const std::string& cashier_id) override;
  absl::StatusOr<Cashier> Unlock(const std::string& org_id,
                                 const std::string& cashier_id) override;
  absl::StatusOr<CashierSession> StartSession(const CashierSession& session) override;
  absl::Status EndSession(const std::string& session_id, absl::Time at) override;
  absl::StatusOr<CashierSession> FindSession(const std::string& session_id) override;
  absl::StatusOr<SupervisorApproval> RecordApproval(
      const SupervisorApproval& approval) override;
  absl::StatusOr<SupervisorApproval> FindApproval(
      const std::string& approval_id) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_CASHIER_REPOSITORY_H_
