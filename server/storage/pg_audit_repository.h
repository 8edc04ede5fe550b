// AuditRepository on PostgreSQL: the append-only audit_log.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_AUDIT_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_AUDIT_REPOSITORY_H_

#include <string>
#include <vector>

#include "server/domain/identity/audit_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgAuditRepository : public AuditRepository {
 public:
  explicit PgAuditRepository(PgPool* pool) : pool_(pool) {}

  absl::Status RecordRefusal(const AuditRecord& record, const std::string& outcome,
                             const std::string& message) override;
  absl::StatusOr<std::vector<AuditEntry>> ListAudit(const std::string& org_id,
                                                    absl::Time since, int limit) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_AUDIT_REPOSITORY_H_
