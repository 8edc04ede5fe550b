#include "server/storage/migrations.h"

#include "absl/strings/str_cat.h"

namespace tillstream {
namespace {
// Arbitrary constant shared by every posd: "till" in ASCII.
constexpr int64_t kMigrationLockKey = 0x74696c6c;
}  // namespace

absl::StatusOr<int> ApplyMigrations(PgPool& pool,
                                    const std::vector<Migration>& migrations) {
  int applied = 0;
  absl::Status status = pool.Run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
    tx.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version integer PRIMARY KEY, name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())");
    for (const Migration& m : migrations) {
      const pqxx::result done =
          tx.exec_params("SELECT 1 FROM schema_migrations WHERE version = $1", m.version);
      if (!done.empty()) continue;
      tx.exec(m.sql);
      tx.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                     m.version, m.name);
      ++applied;
    }
    tx.commit();
    return absl::OkStatus();
  });
  if (!status.ok()) {
    return absl::Status(status.code(),
                        absl::StrCat("applying migrations: ", status.message()));
  }
  return applied;
}

}  // namespace tillstream
