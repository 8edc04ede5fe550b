#include "server/storage/pg_org_repository.h"

#include "absl/strings/str_cat.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Transact;

constexpr char kOrgColumns[] =
    "o.org_id, o.name, o.currency, o.time_zone, o.default_country_code";

// A store and the facts its status is derived from, over `stores s`.
constexpr char kStoreColumns[] =
    "s.org_id, s.store_id, s.name AS store_name, s.address,"
    " coalesce(s.time_zone, '') AS store_time_zone, s.opening_hours, s.settings_url,"
    " coalesce(s.catalog_id, '') AS catalog_id, s.enabled,"
    " s.archived_at IS NOT NULL AS archived,"
    " (SELECT count(*) FROM tills t WHERE t.org_id = s.org_id"
    "   AND t.store_id = s.store_id)::integer AS tills,"
    " coalesce(c.current_version, 0) AS catalog_version,"
    " (SELECT count(*) FROM tills t WHERE t.org_id = s.org_id AND t.store_id = s.store_id"
    "   AND t.held_catalog_id = s.catalog_id)::integer AS tills_holding,"
    " (SELECT count(*) FROM tills t WHERE t.org_id = s.org_id AND t.store_id = s.store_id"
    "   AND t.held_catalog_id = s.catalog_id"
    "   AND t.held_catalog_version = c.current_version)::integer AS tills_current,"
    " coalesce(c.failure, '') AS catalog_failure";
constexpr char kStoreFrom[] =
    " FROM stores s LEFT JOIN catalogs c"
    " ON c.org_id = s.org_id AND c.catalog_id = s.catalog_id";

Org OrgFromRow(const pqxx::row& r) {
  return Org{r["org_id"].as<std::string>(), r["name"].as<std::string>(),
             r["currency"].as<std::string>(), r["time_zone"].as<std::string>(),
             r["default_country_code"].as<std::string>()};
}

StoreInfo StoreFromRow(const pqxx::row& r) {
  StoreInfo s;
  s.org_id = r["org_id"].as<std::string>();
  s.store_id = r["store_id"].as<std::string>();
  s.name = r["store_name"].as<std::string>();
  s.address = r["address"].as<std::string>();
  s.time_zone = r["store_time_zone"].as<std::string>();
  s.opening_hours = r["opening_hours"].as<std::string>();
  s.settings_url = r["settings_url"].as<std::string>();
  s.catalog_id = r["catalog_id"].as<std::string>();
  s.enabled = r["enabled"].as<bool>();
  s.archived = r["archived"].as<bool>();
  return s;
}

StoreState StoreStateFromRow(const pqxx::row& r) {
  return StoreState{
      StoreFromRow(r),
      StoreFacts{r["tills"].as<int>(), r["catalog_version"].as<int>(),
                 r["catalog_failure"].as<std::string>(), r["tills_holding"].as<int>(),
                 r["tills_current"].as<int>()}};
}

std::optional<Org> ReadOrg(pqxx::transaction_base& tx, const std::string& org_id) {
  const pqxx::result r = tx.exec_params(
      absl::StrCat("SELECT ", kOrgColumns, " FROM orgs o WHERE o.org_id = $1"), org_id);
  if (r.empty()) return std::nullopt;
  return OrgFromRow(r[0]);
}

std::optional<StoreState> ReadStore(pqxx::transaction_base& tx, const std::string& org_id,
                                    const std::string& store_id,
                                    bool for_update = false) {
  if (for_update) {
    tx.exec_params("SELECT 1 FROM stores WHERE org_id = $1 AND store_id = $2 FOR UPDATE",
                   org_id, store_id);
  }
  const pqxx::result r = tx.exec_prepared("get_store", org_id, store_id);
  if (r.empty()) return std::nullopt;
  return StoreStateFromRow(r[0]);
}

// The fields a create request gives that differ from the stored store.
bool Conflicts(const StoreInfo& asked, const StoreInfo& stored) {
  auto differs = [](const std::string& a, const std::string& b) {
    return !a.empty() && a != b;
  };
  return asked.name != stored.name || differs(asked.address, stored.address) ||
         differs(asked.time_zone, stored.time_zone) ||
         differs(asked.opening_hours, stored.opening_hours) ||
         differs(asked.settings_url, stored.settings_url) ||
         differs(asked.catalog_id, stored.catalog_id);
}

void WriteStore(pqxx::transaction_base& tx, const StoreInfo& s, bool archive) {
  tx.exec_params(
      "UPDATE stores SET name = $3, address = $4, time_zone = $5, opening_hours = $6,"
      " settings_url = $7, catalog_id = $8, enabled = $9,"
      " archived_at = CASE WHEN $10 THEN now() ELSE archived_at END"
      " WHERE org_id = $1 AND store_id = $2",
      s.org_id, s.store_id, s.name, s.address, pg::NullIfEmpty(s.time_zone),
      s.opening_hours, s.settings_url, pg::NullIfEmpty(s.catalog_id), s.enabled, archive);
}

}  // namespace

void PgOrgRepository::PrepareStatements(pqxx::connection& c) {
  c.prepare("find_till", absl::StrCat("SELECT ", kOrgColumns, ", ", kStoreColumns,
                                      " FROM tills t JOIN orgs o USING (org_id)"
                                      " JOIN stores s ON s.org_id = t.org_id"
                                      " AND s.store_id = t.store_id"
                                      " LEFT JOIN catalogs c ON c.org_id = s.org_id"
                                      " AND c.catalog_id = s.catalog_id"
                                      " WHERE t.org_id = $1 AND t.store_id = $2"
                                      " AND t.till_id = $3"));
  c.prepare("get_store", absl::StrCat("SELECT ", kStoreColumns, kStoreFrom,
                                      " WHERE s.org_id = $1 AND s.store_id = $2"));
}

absl::StatusOr<Org> PgOrgRepository::CreateOrg(const Org& org) {
  auto stored = Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Org> {
    pqxx::work tx(c);
    tx.exec_params(
        "INSERT INTO orgs (org_id, name, currency, time_zone, default_country_code)"
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id) DO NOTHING",
        org.org_id, org.name, org.currency, org.time_zone, org.default_country_code);
    tx.exec_params(
        "INSERT INTO catalogs (org_id, catalog_id, name) VALUES ($1, $2, 'Main price "
        "list')"
        " ON CONFLICT DO NOTHING",
        org.org_id, kMainCatalogId);
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

absl::StatusOr<std::vector<Org>> PgOrgRepository::ListOrgs() {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<std::vector<Org>> {
    pqxx::read_transaction tx(c);
    std::vector<Org> orgs;
    for (const auto& r : tx.exec(
             absl::StrCat("SELECT ", kOrgColumns, " FROM orgs o ORDER BY o.org_id"))) {
      orgs.push_back(OrgFromRow(r));
    }
    return orgs;
  });
}

absl::StatusOr<StoreInfo> PgOrgRepository::CreateStore(const StoreInfo& store) {
  auto stored = Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoreInfo> {
    pqxx::work tx(c);
    if (tx.exec_params("SELECT 1 FROM orgs WHERE org_id = $1 FOR SHARE", store.org_id)
            .empty()) {
      return pg::OrgNotFound(store.org_id);
    }
    if (!store.catalog_id.empty() &&
        !pg::CatalogExists(tx, store.org_id, store.catalog_id)) {
      return pg::CatalogNotFound(store.org_id, store.catalog_id);
    }
    tx.exec_params(
        "INSERT INTO stores (org_id, store_id, name, address, time_zone, opening_hours,"
        " settings_url, catalog_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)"
        " ON CONFLICT (org_id, store_id) DO NOTHING",
        store.org_id, store.store_id, store.name, store.address,
        pg::NullIfEmpty(store.time_zone), store.opening_hours, store.settings_url,
        pg::NullIfEmpty(store.catalog_id));
    StoreInfo read = ReadStore(tx, store.org_id, store.store_id)->store;
    tx.commit();
    return read;
  });
  if (!stored.ok()) return stored;
  if (Conflicts(store, *stored)) {
    return absl::AlreadyExistsError(
        absl::StrCat("store '", store.store_id, "' already exists as '", stored->name,
                     "' with another configuration (posctl show-store shows it; "
                     "update-store changes it)"));
  }
  return stored;
}

absl::StatusOr<TillInfo> PgOrgRepository::CreateTill(const TillInfo& till) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<TillInfo> {
    pqxx::work tx(c);
    const pqxx::result store = tx.exec_params(
        "SELECT archived_at IS NOT NULL AS archived FROM stores"
        " WHERE org_id = $1 AND store_id = $2 FOR SHARE",
        till.org_id, till.store_id);
    if (store.empty()) return pg::StoreNotFound(till.org_id, till.store_id);
    if (store[0]["archived"].as<bool>()) {
      StoreInfo archived;
      archived.store_id = till.store_id;
      archived.archived = true;
      return CheckWritable(archived);
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
    return TillContext{OrgFromRow(r[0]), StoreFromRow(r[0]), till_id};
  });
}

absl::Status PgOrgRepository::RecordHeldCatalog(const std::string& org_id,
                                                const std::string& store_id,
                                                const std::string& till_id,
                                                const std::string& catalog_id,
                                                int version) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::Status {
    pqxx::work tx(c);
    const pqxx::result r = tx.exec_params(
        "UPDATE tills SET held_catalog_id = $4, held_catalog_version = $5, held_at = "
        "now()"
        " WHERE org_id = $1 AND store_id = $2 AND till_id = $3",
        org_id, store_id, till_id, catalog_id, version);
    if (r.affected_rows() == 0) return pg::TillNotFound(org_id, store_id, till_id);
    tx.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<StoreState> PgOrgRepository::GetStore(const std::string& org_id,
                                                     const std::string& store_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoreState> {
    pqxx::nontransaction tx(c);
    std::optional<StoreState> state = ReadStore(tx, org_id, store_id);
    if (!state) return pg::StoreNotFound(org_id, store_id);
    return *std::move(state);
  });
}

absl::StatusOr<std::vector<StoreState>> PgOrgRepository::ListStores(
    const std::string& org_id) {
  return Transact(
      *pool_, [&](pqxx::connection& c) -> absl::StatusOr<std::vector<StoreState>> {
        pqxx::read_transaction tx(c);
        if (!pg::OrgExists(tx, org_id)) return pg::OrgNotFound(org_id);
        std::vector<StoreState> stores;
        for (const auto& r :
             tx.exec_params(absl::StrCat("SELECT ", kStoreColumns, kStoreFrom,
                                         " WHERE s.org_id = $1 ORDER BY s.store_id"),
                            org_id)) {
          stores.push_back(StoreStateFromRow(r));
        }
        return stores;
      });
}

absl::StatusOr<StoreState> PgOrgRepository::UpdateStore(const StoreUpdate& u) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoreState> {
    pqxx::work tx(c);
    std::optional<StoreState> state =
        ReadStore(tx, u.org_id, u.store_id, /*for_update=*/true);
    if (!state) return pg::StoreNotFound(u.org_id, u.store_id);
    if (auto s = CheckWritable(state->store); !s.ok()) return s;
    StoreInfo& s = state->store;
    if (u.catalog_id && !u.catalog_id->empty() &&
        !pg::CatalogExists(tx, u.org_id, *u.catalog_id)) {
      return pg::CatalogNotFound(u.org_id, *u.catalog_id);
    }
    auto set = [](std::string* field, const std::optional<std::string>& value) {
      if (value) *field = *value;
    };
    set(&s.name, u.name);
    set(&s.address, u.address);
    set(&s.time_zone, u.time_zone);
    set(&s.opening_hours, u.opening_hours);
    set(&s.settings_url, u.settings_url);
    set(&s.catalog_id, u.catalog_id);
    if (u.enabled) s.enabled = *u.enabled;
    WriteStore(tx, s, u.archive);
    StoreState after = *ReadStore(tx, u.org_id, u.store_id);
    tx.commit();
    return after;
  });
}

}  // namespace tillstream
