#include "server/storage/pg_sql.h"

#include <cstring>

namespace tillstream::pg {

std::string FromMicros(int param) {
  return absl::StrCat("('epoch'::timestamptz + $", param,
                      "::bigint * interval '1 microsecond')");
}

std::string Micros(const char* column) {
  return absl::StrCat("(extract(epoch from ", column, ") * 1000000)::bigint");
}

std::string MicrosColumn(const char* column) {
  // The alias takes the bare name: "b.billing_time" -> billing_time_us.
  const char* dot = std::strrchr(column, '.');
  return absl::StrCat(Micros(column), " AS ", dot ? dot + 1 : column, "_us");
}

namespace {
constexpr char kSep = '\x1f';
}  // namespace

std::string JoinedArray(const char* column) {
  const char* dot = std::strrchr(column, '.');
  return absl::StrCat("array_to_string(", column, ", chr(31)) AS ",
                      dot ? dot + 1 : column);
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

bool OrgExists(pqxx::transaction_base& tx, const std::string& org_id) {
  return !tx.exec_params("SELECT 1 FROM orgs WHERE org_id = $1", org_id).empty();
}

absl::Status OrgNotFound(const std::string& org_id) {
  return absl::NotFoundError(absl::StrCat("org '", org_id, "' not found"));
}

absl::Status StoreNotFound(const std::string& org_id, const std::string& store_id) {
  return absl::NotFoundError(
      absl::StrCat("store '", org_id, "/", store_id, "' not found"));
}

bool CatalogExists(pqxx::transaction_base& tx, const std::string& org_id,
                   const std::string& catalog_id) {
  return !tx.exec_params("SELECT 1 FROM catalogs WHERE org_id = $1 AND catalog_id = $2",
                         org_id, catalog_id)
              .empty();
}

absl::Status CatalogNotFound(const std::string& org_id, const std::string& catalog_id) {
  return absl::NotFoundError(absl::StrCat("catalog '", catalog_id, "' of org '", org_id,
                                          "' not found (posctl catalogs ", org_id,
                                          " lists them)"));
}

absl::Status TillNotFound(const std::string& org_id, const std::string& store_id,
                          const std::string& till_id) {
  return absl::NotFoundError(absl::StrCat(
      "till ", org_id, "/", store_id, "/", till_id,
      " is not registered; the back office creates it with posctl create-till"));
}

bool CustomerExists(pqxx::transaction_base& tx, const std::string& org_id,
                    const std::string& customer_id, bool for_update) {
  return !tx.exec_params(absl::StrCat("SELECT 1 FROM customers WHERE org_id = $1"
                                      " AND customer_id = $2::uuid",
                                      for_update ? " FOR UPDATE" : ""),
                         org_id, customer_id)
              .empty();
}

}  // namespace tillstream::pg
