// The audit trail's record of one write made for a caller, and the write
// under way on this thread. The RPC edge opens a ScopedAudit around a
// write RPC's handler; storage hands the current record to PostgreSQL with
// every transaction it runs on this thread, where a trigger writes the row
// in the same transaction as the write (deploy/migrations/0011_audit.sql).
#ifndef TILLSTREAM_SERVER_DOMAIN_IDENTITY_AUDIT_H_
#define TILLSTREAM_SERVER_DOMAIN_IDENTITY_AUDIT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace tillstream {

struct AuditRecord {
  std::string principal;       // the key's id
  std::string principal_name;  // the key's name
  std::string role;            // the key's role name
  std::string rpc;             // Service/Method
  std::string org_id;          // empty: platform-wide
  std::string target;          // what the request names, e.g. "bill_id=..."
  std::string request_sha256;  // of the request's deterministic bytes
};

// An audit row as read back.
struct AuditEntry {
  AuditRecord record;
  int64_t audit_id = 0;
  absl::Time at;
  std::string outcome;  // "OK" or a status code name
  std::string message;
};

// Makes `record` the current write of this thread while it lives.
class ScopedAudit {
 public:
  explicit ScopedAudit(const AuditRecord* record);
  ~ScopedAudit();
  ScopedAudit(const ScopedAudit&) = delete;
  ScopedAudit& operator=(const ScopedAudit&) = delete;

 private:
  const AuditRecord* const previous_;
};

// The write under way on this thread, or null.
const AuditRecord* CurrentAudit();

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_IDENTITY_AUDIT_H_
