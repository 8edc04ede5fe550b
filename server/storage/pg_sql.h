// Small helpers shared by the PostgreSQL repository files: how times,
// optional strings, arrays and enums cross the libpqxx seam. Rows are read
// by column name: a SELECT names (or aliases) every column it reads.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_SQL_H_
#define TILLSTREAM_SERVER_STORAGE_PG_SQL_H_

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
// Micros(column) AS <column>_us, for a select list.
std::string MicrosColumn(const char* column);
inline absl::Time TimeOf(const pqxx::row& r, const char* column_us) {
  return absl::FromUnixMicros(r[column_us].as<int64_t>());
}

// Enums are stored as their numbers (pinned in the domain headers) and
// bound as parameters, never written into SQL text.
template <typename E>
int Enum(E value) {
  return static_cast<int>(value);
}
template <typename E>
E EnumOf(const pqxx::field& f) {
  return static_cast<E>(f.as<int>());
}

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

// Text arrays come back joined with the ASCII unit separator, named as the
// column.
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

// Whether the org, or the org's customer (optionally locked), exists.
bool OrgExists(pqxx::transaction_base& tx, const std::string& org_id);
// NOT_FOUND "org 'X' not found", the answer when OrgExists is false.
absl::Status OrgNotFound(const std::string& org_id);
bool CustomerExists(pqxx::transaction_base& tx, const std::string& org_id,
                    const std::string& customer_id, bool for_update = false);
// NOT_FOUND "store 'org/store' not found".
absl::Status StoreNotFound(const std::string& org_id, const std::string& store_id);
// Whether the org's catalog exists; NOT_FOUND naming it (and how to list
// the org's catalogs) when it does not.
bool CatalogExists(pqxx::transaction_base& tx, const std::string& org_id,
                   const std::string& catalog_id);
absl::Status CatalogNotFound(const std::string& org_id, const std::string& catalog_id);
// NOT_FOUND for a till that is not registered, naming how to register it.
absl::Status TillNotFound(const std::string& org_id, const std::string& store_id,
                          const std::string& till_id);

}  // namespace tillstream::pg

#endif  // TILLSTREAM_SERVER_STORAGE_PG_SQL_H_
