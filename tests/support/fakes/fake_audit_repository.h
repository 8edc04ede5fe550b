// The audit trail in memory (refusals; writes are audited by PostgreSQL).
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_AUDIT_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_AUDIT_REPOSITORY_H_

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "server/domain/identity/audit_repository.h"

namespace tillstream::testing {

class FakeAuditRepository : public AuditRepository {
 public:
  absl::Status RecordRefusal(const AuditRecord& record, const std::string& outcome,
                             const std::string& message) override {
    AuditEntry e;
    e.record = record;
    e.audit_id = static_cast<int64_t>(rows_.size()) + 1;
    e.at = absl::Now();
    e.outcome = outcome;
    e.message = message;
    rows_.push_back(e);
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<AuditEntry>> ListAudit(const std::string& org_id,
                                                    absl::Time since,
                                                    int limit) override {
    std::vector<AuditEntry> out;
    for (const auto& e : rows_) {
      if (e.record.org_id == org_id && e.at >= since &&
          static_cast<int>(out.size()) < limit) {
        out.push_back(e);
      }
    }
    return out;
  }

 private:
  std::vector<AuditEntry> rows_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_AUDIT_REPOSITORY_H_
