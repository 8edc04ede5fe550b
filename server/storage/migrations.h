// Versioned schema migrations, compiled into the binary from deploy/migrations.
#ifndef TILLSTREAM_SERVER_STORAGE_MIGRATIONS_H_
#define TILLSTREAM_SERVER_STORAGE_MIGRATIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// All migrations shipped with this build, ordered by version.
const std::vector<Migration>& BuiltInMigrations();

// Applies the migrations not yet recorded in schema_migrations, in one
// transaction under an advisory lock, so two servers starting at once apply
// each exactly once. Returns how many were applied.
absl::StatusOr<int> ApplyMigrations(PgPool& pool,
                                    const std::vector<Migration>& migrations);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_MIGRATIONS_H_
