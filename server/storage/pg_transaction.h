// Every repository method runs its work through Transact: one attempt on a
// pooled connection, run again only when PostgreSQL aborted it for a real
// conflict (40001 serialization failure, 40P01 deadlock, 55P03 lock not
// available; see StatusFromPqxx). What the attempt returns, an answer or a
// refusal, comes back untouched: a refusal that happens to be ABORTED (a
// stale version) is never retried.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_TRANSACTION_H_
#define TILLSTREAM_SERVER_STORAGE_PG_TRANSACTION_H_

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/storage/pg_pool.h"

namespace tillstream::pg {

inline constexpr int kMaxAttempts = 5;

// For an attempt that found the database in a state a concurrent
// transaction is about to change: rolls back and tries again.
[[noreturn]] inline void RetryTransaction(const std::string& why) {
  throw pqxx::transaction_rollback(why);
}

template <typename Attempt>
auto Transact(PgPool& pool, Attempt&& attempt)
    -> decltype(attempt(std::declval<pqxx::connection&>())) {
  using Result = decltype(attempt(std::declval<pqxx::connection&>()));
  absl::Status failure;
  for (int i = 0; i < kMaxAttempts; ++i) {
    std::optional<Result> result;
    failure = pool.Run([&](pqxx::connection& c) {
      result.emplace(attempt(c));
      return absl::OkStatus();
    });
    if (failure.ok()) return *std::move(result);
    if (failure.code() != absl::StatusCode::kAborted) break;
  }
  return failure;
}

}  // namespace tillstream::pg

#endif  // TILLSTREAM_SERVER_STORAGE_PG_TRANSACTION_H_
