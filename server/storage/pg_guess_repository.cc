#include "server/storage/pg_guess_repository.h"

#include "absl/strings/str_cat.h"
#include "server/domain/identity/audit.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

GuessWindow WindowOf(const pqxx::row& r) {
  return GuessWindow{r["failures"].as<int>(), pg::TimeOf(r, "window_start_us")};
}

}  // namespace

absl::StatusOr<GuessWindow> PgGuessRepository::Window(const std::string& subject) {
  return pg::Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<GuessWindow> {
    pqxx::read_transaction tx(c);
    const pqxx::result r =
        tx.exec_params(absl::StrCat("SELECT failures, ", pg::MicrosColumn("window_start"),
                                    " FROM guess_failures WHERE subject = $1"),
                       subject);
    if (r.empty()) return GuessWindow{};
    return WindowOf(r[0]);
  });
}

absl::StatusOr<GuessWindow> PgGuessRepository::RecordFailure(const std::string& subject,
                                                             absl::Duration window) {
  // A counter, not the caller's write: never in the audit trail.
  ScopedAudit none(nullptr);
  return pg::Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<GuessWindow> {
    pqxx::work tx(c);
    // One statement, so concurrent failures on several posd all count.
    const pqxx::row r = tx.exec_params1(
        absl::StrCat(
            "INSERT INTO guess_failures AS g (subject, window_start, failures)"
            " VALUES ($1, now(), 1) ON CONFLICT (subject) DO UPDATE SET"
            " failures = CASE WHEN g.window_start < now() - $2 * interval '1 microsecond'"
            "   THEN 1 ELSE g.failures + 1 END,"
            " window_start = CASE WHEN g.window_start < now() - $2 * interval '1 "
            "microsecond'"
            "   THEN now() ELSE g.window_start END"
            " RETURNING failures, ",
            pg::MicrosColumn("window_start")),
        subject, absl::ToInt64Microseconds(window));
    GuessWindow w = WindowOf(r);
    tx.commit();
    return w;
  });
}

}  // namespace tillstream
