#include "server/storage/pg_org_repository.h"

#include "absl/strings/str_cat.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Transact;

constexpr char kOrgColumns[] =
    "o.org_id, o.name, o.currency, o.time_zone, o.default_country_code";

Org OrgFromRow(const pqxx::row& r) {
  return Org{r["org_id"].as<std::string>(), r["name"].as<std::string>(),
             r["currency"].as<std::string>(), r["time_zone"].as<std::string>(),
             r["default_country_code"].as<std::string>()};
}

std::optional<Org> ReadOrg(pqxx::transaction_base& tx, const std::string& org_id) {
  const pqxx::result r = tx.exec_params(
      absl::StrCat("SELECT ", kOrgColumns, " FROM orgs o WHERE o.org_id = $1"), org_id);
  if (r.empty()) return std::nullopt;
  return OrgFromRow(r[0]);
}

}  // namespace

void PgOrgRepository::PrepareStatements(pqxx::connection& c) {
  c.prepare(
      "find_till",
      absl::StrCat("SELECT ", kOrgColumns,
                   ", s.name AS store_name FROM tills t"
                   " JOIN stores s USING (org_id, store_id) JOIN orgs o USING (org_id)"
                   " WHERE t.org_id = $1 AND t.store_id = $2 AND t.till_id = $3"));
}

absl::StatusOr<Org> PgOrgRepository::CreateOrg(const Org& org) {
  auto stored = Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Org> {
    pqxx::work tx(c);
    tx.exec_params(
        "INSERT INTO orgs (org_id, name, currency, time_zone, default_country_code)"
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id) DO NOTHING",
        org.org_id, org.name, org.currency, org.time_zone, org.default_country_code);
    Org read = *ReadOrg(tx, org.org_id);
    tx.commit();
    return read;
  });
  if (!stored.ok()) return stored;
  if (stored->name != org.name || stored->currency != org.currency ||
      stored->time_zone != org.time_zone ||
      stored->default_country_code != org.default_country_code) {
    return absl::AlreadyExistsError(
        absl::StrCat("org '", org.org_id, "' already exists as '", stored->name, "' (",
                     stored->currency, ", ", stored->time_zone, ")"));
  }
  return stored;
}

absl::StatusOr<Org> PgOrgRepository::GetOrg(const std::string& org_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Org> {
    pqxx::read_transaction tx(c);
    auto org = ReadOrg(tx, org_id);
    if (!org) return pg::OrgNotFound(org_id);
    return *org;
  });
}

absl::StatusOr<StoreInfo> PgOrgRepository::CreateStore(const StoreInfo& store) {
  auto stored = Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoreInfo> {
    pqxx::work tx(c);
    if (tx.exec_params("SELECT 1 FROM orgs WHERE org_id = $1 FOR SHARE", store.org_id)
            .empty()) {
      return pg::OrgNotFound(store.org_id);
    }
    tx.exec_params(
        "INSERT INTO stores (org_id, store_id, name) VALUES ($1,$2,$3) "
        "ON CONFLICT (org_id, store_id) DO NOTHING",
        store.org_id, store.store_id, store.name);
    const pqxx::row r =
        tx.exec_params1("SELECT name FROM stores WHERE org_id = $1 AND store_id = $2",
                        store.org_id, store.store_id);
    tx.commit();
    return StoreInfo{store.org_id, store.store_id, r["name"].as<std::string>()};
  });
  if (!stored.ok()) return stored;
  if (stored->name != store.name) {
    return absl::AlreadyExistsError(absl::StrCat(
        "store '", store.store_id, "' already exists as '", stored->name, "'"));
  }
  return stored;
}

absl::StatusOr<TillInfo> PgOrgRepository::CreateTill(const TillInfo& till) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<TillInfo> {
    pqxx::work tx(c);
    if (tx.exec_params("SELECT 1 FROM stores WHERE org_id = $1 AND store_id = $2 "
                       "FOR SHARE",
                       till.org_id, till.store_id)
            .empty()) {
      return absl::NotFoundError(
          absl::StrCat("store '", till.org_id, "/", till.store_id, "' not found"));
    }
    tx.exec_params(
        "INSERT INTO tills (org_id, store_id, till_id) VALUES ($1,$2,$3) "
        "ON CONFLICT DO NOTHING",
        till.org_id, till.store_id, till.till_id);
    tx.commit();
    return till;
  });
}

absl::StatusOr<TillContext> PgOrgRepository::FindTill(const std::string& org_id,
                                                      const std::string& store_id,
                                                      const std::string& till_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<TillContext> {
    pqxx::nontransaction tx(c);
    const pqxx::result r = tx.exec_prepared("find_till", org_id, store_id, till_id);
    if (r.empty()) return pg::TillNotFound(org_id, store_id, till_id);
    return TillContext{OrgFromRow(r[0]),
                       StoreInfo{org_id, store_id, r[0]["store_name"].as<std::string>()},
                       till_id};
  });
}

}  // namespace tillstream
