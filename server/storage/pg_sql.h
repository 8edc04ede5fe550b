// Small helpers shared by the PostgreSQL repository files: how times,
// optional strings and arrays cross the libpqxx seam, and the retry of
// transactions aborted by conflicts.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_SQL_H_
#define TILLSTREAM_SERVER_STORAGE_PG_SQL_H_

#include <functional>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/storage/pg_pool.h"

namespace tillstream::pg {

// Times cross the seam as unix microseconds, exactly: the SQL expression
// for parameter $param, and the one reading `column` back.
std::string FromMicros(int param);
std::string Micros(const char* column);

inline const char* NullIfEmpty(const std::string& s) {
  return s.empty() ? nullptr : s.c_str();
}
inline std::string OptString(const pqxx::field& f) {
  return f.is_null() ? std::string() : f.as<std::string>();
}
// A nullable time read with Micros().
inline std::optional<absl::Time> OptTime(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return absl::FromUnixMicros(f.as<int64_t>());
}

// Text arrays come back joined with the ASCII unit separator.
std::string JoinedArray(const char* column);
std::vector<std::string> SplitArray(const pqxx::field& f);

// A PostgreSQL array literal, each element quoted, for one array parameter.
template <typename T>
std::string PgArray(const std::vector<T>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : absl::StrCat(values[i])) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

// Deadlocks and serialization failures abort a whole transaction, which is
// then safe to run again: at most five times before the caller sees ABORTED.
absl::Status RunRetryingConflicts(
    PgPool& pool, const std::function<absl::Status(pqxx::connection&)>& work);

}  // namespace tillstream::pg

#endif  // TILLSTREAM_SERVER_STORAGE_PG_SQL_H_
