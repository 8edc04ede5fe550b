#include "server/storage/pg_audit_repository.h"

#include "absl/strings/str_cat.h"
#include "server/domain/identity/audit.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {

absl::Status PgAuditRepository::RecordRefusal(const AuditRecord& r,
                                              const std::string& outcome,
                                              const std::string& message) {
  // Not part of the caller's write: no audit context on this transaction.
  ScopedAudit none(nullptr);
  return pg::Transact(*pool_, [&](pqxx::connection& c) -> absl::Status {
    pqxx::work tx(c);
    tx.exec_params(
        "INSERT INTO audit_log (org_id, principal, principal_name, role, rpc, target,"
        " request_sha256, outcome, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        pg::NullIfEmpty(r.org_id), r.principal, r.principal_name, r.role, r.rpc, r.target,
        r.request_sha256, outcome, message);
    tx.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<AuditEntry>> PgAuditRepository::ListAudit(
    const std::string& org_id, absl::Time since, int limit) {
  return pg::Transact(
      *pool_, [&](pqxx::connection& c) -> absl::StatusOr<std::vector<AuditEntry>> {
        pqxx::read_transaction tx(c);
        std::vector<AuditEntry> entries;
        for (const auto& r : tx.exec_params(
                 absl::StrCat(
                     "SELECT audit_id, ", pg::MicrosColumn("at"),
                     ", coalesce(org_id, '') AS org_id, principal, principal_name,"
                     " role, rpc, target, request_sha256, outcome, message"
                     " FROM audit_log WHERE org_id IS NOT DISTINCT FROM $1"
                     " AND at >= ",
                     pg::FromMicros(2), " ORDER BY audit_id LIMIT $3"),
                 pg::NullIfEmpty(org_id), absl::ToUnixMicros(since), limit)) {
          AuditEntry e;
          e.audit_id = r["audit_id"].as<int64_t>();
          e.at = pg::TimeOf(r, "at_us");
          e.record.org_id = r["org_id"].as<std::string>();
          e.record.principal = r["principal"].as<std::string>();
          e.record.principal_name = r["principal_name"].as<std::string>();
          e.record.role = r["role"].as<std::string>();
          e.record.rpc = r["rpc"].as<std::string>();
          e.record.target = r["target"].as<std::string>();
          e.record.request_sha256 = r["request_sha256"].as<std::string>();
          e.outcome = r["outcome"].as<std::string>();
          e.message = r["message"].as<std::string>();
          entries.push_back(std::move(e));
        }
        return entries;
      });
}

}  // namespace tillstream
