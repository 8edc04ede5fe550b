#include "server/storage/pg_sql.h"

namespace tillstream::pg {

std::string FromMicros(int param) {
  return absl::StrCat("('epoch'::timestamptz + $", param,
                      "::bigint * interval '1 microsecond')");
}

std::string Micros(const char* column) {
  return absl::StrCat("(extract(epoch from ", column, ") * 1000000)::bigint");
}

namespace {
constexpr char kSep = '\x1f';
}  // namespace

std::string JoinedArray(const char* column) {
  return absl::StrCat("array_to_string(", column, ", chr(31))");
}

std::vector<std::string> SplitArray(const pqxx::field& f) {
  std::vector<std::string> out;
  const std::string joined = f.is_null() ? "" : f.as<std::string>();
  if (joined.empty()) return out;
  size_t start = 0;
  for (;;) {
    const size_t end = joined.find(kSep, start);
    out.push_back(joined.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

absl::Status RunRetryingConflicts(
    PgPool& pool, const std::function<absl::Status(pqxx::connection&)>& work) {
  absl::Status s;
  for (int tries = 0; tries < 5; ++tries) {
    s = pool.Run(work);
    if (s.code() != absl::StatusCode::kAborted) break;
  }
  return s;
}

}  // namespace tillstream::pg
