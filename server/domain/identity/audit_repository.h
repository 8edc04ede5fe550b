// Storage of the audit trail (append-only).
#ifndef TILLSTREAM_SERVER_DOMAIN_IDENTITY_AUDIT_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_IDENTITY_AUDIT_REPOSITORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/identity/audit.h"

namespace tillstream {

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  // A write that was refused (successful writes are recorded by their own
  // transaction).
  virtual absl::Status RecordRefusal(const AuditRecord& record,
                                     const std::string& outcome,
                                     const std::string& message) = 0;
  // The org's rows (empty: platform-wide ones) at or after `since`, oldest
  // first, at most `limit`.
  virtual absl::StatusOr<std::vector<AuditEntry>> ListAudit(const std::string& org_id,
                                                            absl::Time since,
                                                            int limit) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_IDENTITY_AUDIT_REPOSITORY_H_
