// GuessRepository on PostgreSQL: guess_failures.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_GUESS_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_GUESS_REPOSITORY_H_

#include <string>

#include "server/domain/identity/guess_limit.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgGuessRepository : public GuessRepository {
 public:
  explicit PgGuessRepository(PgPool* pool) : pool_(pool) {}

  absl::StatusOr<GuessWindow> Window(const std::string& subject) override;
  absl::StatusOr<GuessWindow> RecordFailure(const std::string& subject,
                                            absl::Duration window) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_GUESS_REPOSITORY_H_
