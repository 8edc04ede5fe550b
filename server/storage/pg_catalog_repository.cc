#include "server/storage/pg_catalog_repository.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "server/storage/catalog_version_feed.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Enum;
using pg::PgArray;
using pg::Transact;

constexpr char kItemColumns[] =
    "i.sku, i.name, i.unit_price_minor, i.tax_rate_bp, i.uom, i.from_version";
constexpr char kCatalogColumns[] =
    "c.org_id, c.catalog_id, c.name, c.current_version, coalesce(c.failure, '') AS "
    "failure";

// The catalog's current version (first column) beside its items, read in one
// statement so both come from one snapshot. An empty result: no such
// catalog. Barcodes are not loaded: pricing needs none.
absl::StatusOr<PricedItems> LoadItems(const pqxx::result& rows, const std::string& org_id,
                                      const std::string& catalog_id) {
  if (rows.empty()) return pg::CatalogNotFound(org_id, catalog_id);
  PricedItems out;
  out.catalog_id = catalog_id;
  out.version = rows[0]["current_version"].as<int>();
  for (const auto& r : rows) {
    if (r["sku"].is_null()) continue;
    out.items.push_back(pg::CatalogItemFromRow(r, pg::Barcodes::kNotSelected));
  }
  return out;
}

Catalog CatalogFromRow(const pqxx::row& r) {
  return Catalog{r["org_id"].as<std::string>(), r["catalog_id"].as<std::string>(),
                 r["name"].as<std::string>(), r["current_version"].as<int>(),
                 r["failure"].as<std::string>()};
}

// Publishes one version of one catalog in `tx`, item by item.
class Publisher {
 public:
  Publisher(pqxx::transaction_base& tx, std::string org_id, std::string catalog_id,
            int version)
      : tx_(tx),
        org_id_(std::move(org_id)),
        catalog_id_(std::move(catalog_id)),
        version_(version) {}

  // One item: inserted, updated or unchanged (with its barcodes: the item's
  // set becomes exactly the given one; a barcode another item held moves
  // here, and that item is published again without it).
  void Upsert(const CatalogItem& given, UpsertCounts* counts) {
    CatalogItem item = given;
    std::sort(item.barcodes.begin(), item.barcodes.end());
    item.barcodes.erase(std::unique(item.barcodes.begin(), item.barcodes.end()),
                        item.barcodes.end());
    const pqxx::result cur = Current(item.sku);
    if (!cur.empty() && Same(cur[0], item)) {
      ++counts->unchanged;
      return;
    }
    for (const auto& r :
         tx_.exec_params("SELECT barcode, sku FROM catalog_barcodes WHERE org_id = $1 "
                         "AND catalog_id = $2"
                         " AND barcode = ANY ($3::text[]) AND sku <> $4",
                         org_id_, catalog_id_, PgArray(item.barcodes), item.sku)) {
      TakeBarcodeFrom(r["sku"].as<std::string>(), r["barcode"].as<std::string>());
    }
    Write(item, cur);
    tx_.exec_params(
        "DELETE FROM catalog_barcodes WHERE org_id = $1 AND catalog_id = $2 AND sku = $3"
        " AND NOT (barcode = ANY ($4::text[]))",
        org_id_, catalog_id_, item.sku, PgArray(item.barcodes));
    tx_.exec_params(
        "INSERT INTO catalog_barcodes AS b (org_id, catalog_id, barcode, sku)"
        " SELECT $1, $2, unnest($4::text[]), $3"
        " ON CONFLICT (org_id, catalog_id, barcode) DO UPDATE SET sku = excluded.sku",
        org_id_, catalog_id_, item.sku, PgArray(item.barcodes));
    if (cur.empty()) {
      ++counts->inserted;
      return;
    }
    ++counts->updated;
  }

 private:
  pqxx::result Current(const std::string& sku) {
    return tx_.exec_params(
        absl::StrCat("SELECT ", kItemColumns, ", ", pg::JoinedArray("i.barcodes"),
                     " FROM catalog_items i WHERE i.org_id = $1 AND i.catalog_id = $2"
                     " AND i.sku = $3 AND i.to_version IS NULL"),
        org_id_, catalog_id_, sku);
  }

  static bool Same(const pqxx::row& r, const CatalogItem& item) {
    return r["name"].as<std::string>() == item.name &&
           r["unit_price_minor"].as<int64_t>() == item.unit_price_minor &&
           r["tax_rate_bp"].as<int32_t>() == item.tax_rate_bp &&
           pg::EnumOf<Uom>(r["uom"]) == item.uom &&
           pg::SplitArray(r["barcodes"]) == item.barcodes;
  }

  // The item's row for this version: rewritten when this version already
  // wrote one, else the current row is closed and a new one opened.
  void Write(const CatalogItem& item, const pqxx::result& cur) {
    if (!cur.empty() && cur[0]["from_version"].as<int>() == version_) {
      tx_.exec_params(
          "UPDATE catalog_items SET name = $5, unit_price_minor = $6, tax_rate_bp = $7,"
          " uom = $8, barcodes = $9::text[] WHERE org_id = $1 AND catalog_id = $2"
          " AND sku = $3 AND from_version = $4",
          org_id_, catalog_id_, item.sku, version_, item.name, item.unit_price_minor,
          item.tax_rate_bp, Enum(item.uom), PgArray(item.barcodes));
      return;
    }
    tx_.exec_params(
        "UPDATE catalog_items SET to_version = $4 WHERE org_id = $1 AND catalog_id = $2"
        " AND sku = $3 AND to_version IS NULL",
        org_id_, catalog_id_, item.sku, version_);
    tx_.exec_params(
        "INSERT INTO catalog_items (org_id, catalog_id, sku, from_version, name,"
        " unit_price_minor, tax_rate_bp, uom, barcodes)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[])",
        org_id_, catalog_id_, item.sku, version_, item.name, item.unit_price_minor,
        item.tax_rate_bp, Enum(item.uom), PgArray(item.barcodes));
  }

  void TakeBarcodeFrom(const std::string& sku, const std::string& barcode) {
    const pqxx::result cur = Current(sku);
    if (cur.empty()) return;
    CatalogItem other;
    other.sku = sku;
    other.name = cur[0]["name"].as<std::string>();
    other.unit_price_minor = cur[0]["unit_price_minor"].as<int64_t>();
    other.tax_rate_bp = cur[0]["tax_rate_bp"].as<int32_t>();
    other.uom = pg::EnumOf<Uom>(cur[0]["uom"]);
    for (std::string& b : pg::SplitArray(cur[0]["barcodes"])) {
      if (b != barcode) other.barcodes.push_back(std::move(b));
    }
    Write(other, cur);
  }

  pqxx::transaction_base& tx_;
  const std::string org_id_;
  const std::string catalog_id_;
  const int version_;
};

}  // namespace

CatalogItem pg::CatalogItemFromRow(const pqxx::row& r, Barcodes barcodes) {
  CatalogItem item;
  item.sku = r["sku"].as<std::string>();
  item.name = r["name"].as<std::string>();
  item.unit_price_minor = r["unit_price_minor"].as<int64_t>();
  item.tax_rate_bp = r["tax_rate_bp"].as<int32_t>();
  item.uom = pg::EnumOf<Uom>(r["uom"]);
  if (barcodes == Barcodes::kSelected) item.barcodes = pg::SplitArray(r["barcodes"]);
  return item;
}

void pg::RecordPublishedVersion(pqxx::transaction_base& tx, const std::string& org_id,
                                const std::string& catalog_id,
                                const UpsertCounts& counts) {
  tx.exec_params(
      "INSERT INTO catalog_versions (org_id, catalog_id, version, items, inserted, "
      "updated,"
      " removed, unchanged) SELECT $1, $2, $3, count(*), $4, $5, $6, $7 FROM "
      "catalog_items"
      " WHERE org_id = $1 AND catalog_id = $2 AND to_version IS NULL",
      org_id, catalog_id, counts.version, counts.inserted, counts.updated, counts.removed,
      counts.unchanged);
  tx.exec_params(
      "UPDATE catalogs SET current_version = $3, published_at = now(), failure = NULL,"
      " failed_at = NULL WHERE org_id = $1 AND catalog_id = $2",
      org_id, catalog_id, counts.version);
  // Delivered to every LISTENing posd when this transaction commits.
  tx.exec_params("SELECT pg_notify($1, $2)", kCatalogVersionChannel,
                 EncodePublishedVersion({org_id, catalog_id, counts.version}));
}

void PgCatalogRepository::PrepareStatements(pqxx::connection& c) {
  c.prepare("item_by_barcode",
            absl::StrCat("SELECT c.current_version, ", kItemColumns,
                         " FROM catalogs c LEFT JOIN catalog_barcodes b"
                         " ON b.org_id = c.org_id AND b.catalog_id = c.catalog_id"
                         " AND b.barcode = $3"
                         " LEFT JOIN catalog_items i ON i.org_id = c.org_id"
                         " AND i.catalog_id = c.catalog_id AND i.sku = b.sku"
                         " AND i.to_version IS NULL"
                         " WHERE c.org_id = $1 AND c.catalog_id = $2"));
  c.prepare("items_by_skus",
            absl::StrCat("SELECT c.current_version, ", kItemColumns,
                         " FROM catalogs c LEFT JOIN catalog_items i"
                         " ON i.org_id = c.org_id AND i.catalog_id = c.catalog_id"
                         " AND i.sku = ANY ($3::text[]) AND i.to_version IS NULL"
                         " WHERE c.org_id = $1 AND c.catalog_id = $2"));
}

absl::StatusOr<Catalog> PgCatalogRepository::CreateCatalog(const Catalog& catalog) {
  auto stored = Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Catalog> {
    pqxx::work tx(c);
    if (!pg::OrgExists(tx, catalog.org_id)) return pg::OrgNotFound(catalog.org_id);
    tx.exec_params(
        "INSERT INTO catalogs (org_id, catalog_id, name) VALUES ($1, $2, $3)"
        " ON CONFLICT DO NOTHING",
        catalog.org_id, catalog.catalog_id, catalog.name);
    const Catalog read = CatalogFromRow(tx.exec_params1(
        absl::StrCat("SELECT ", kCatalogColumns,
                     " FROM catalogs c WHERE c.org_id = $1 AND c.catalog_id = $2"),
        catalog.org_id, catalog.catalog_id));
    tx.commit();
    return read;
  });
  if (stored.ok() && stored->name != catalog.name) {
    return absl::AlreadyExistsError(absl::StrCat(
        "catalog '", catalog.catalog_id, "' already exists as '", stored->name, "'"));
  }
  return stored;
}

absl::StatusOr<std::vector<Catalog>> PgCatalogRepository::ListCatalogs(
    const std::string& org_id) {
  return Transact(
      *pool_, [&](pqxx::connection& c) -> absl::StatusOr<std::vector<Catalog>> {
        pqxx::read_transaction tx(c);
        if (!pg::OrgExists(tx, org_id)) return pg::OrgNotFound(org_id);
        std::vector<Catalog> out;
        for (const auto& r :
             tx.exec_params(absl::StrCat("SELECT ", kCatalogColumns,
                                         " FROM catalogs c WHERE c.org_id = $1"
                                         " ORDER BY c.catalog_id"),
                            org_id)) {
          out.push_back(CatalogFromRow(r));
        }
        return out;
      });
}

absl::StatusOr<PricedItems> PgCatalogRepository::FindByBarcode(
    const std::string& org_id, const std::string& catalog_id,
    const std::string& barcode) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<PricedItems> {
    pqxx::nontransaction tx(c);
    auto found =
        LoadItems(tx.exec_prepared("item_by_barcode", org_id, catalog_id, barcode),
                  org_id, catalog_id);
    if (found.ok() && found->items.empty()) {
      return absl::NotFoundError(
          absl::StrCat("barcode '", barcode, "' is not in the catalog"));
    }
    return found;
  });
}

absl::StatusOr<PricedItems> PgCatalogRepository::FindBySkus(
    const std::string& org_id, const std::string& catalog_id,
    const std::vector<std::string>& skus) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<PricedItems> {
    pqxx::nontransaction tx(c);
    return LoadItems(tx.exec_prepared("items_by_skus", org_id, catalog_id, PgArray(skus)),
                     org_id, catalog_id);
  });
}

absl::StatusOr<UpsertCounts> PgCatalogRepository::UpsertItems(
    const std::string& org_id, const std::string& catalog_id,
    const std::vector<CatalogItem>& items) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<UpsertCounts> {
    pqxx::work tx(c);
    // The lock makes publishers of one catalog take turns.
    const pqxx::result cat = tx.exec_params(
        "SELECT c.current_version FROM catalogs c"
        " WHERE c.org_id = $1 AND c.catalog_id = $2 FOR UPDATE",
        org_id, catalog_id);
    if (cat.empty()) return pg::CatalogNotFound(org_id, catalog_id);
    const int current = cat[0]["current_version"].as<int>();
    Publisher publisher(tx, org_id, catalog_id, current + 1);
    UpsertCounts counts;
    for (const CatalogItem& item : items) publisher.Upsert(item, &counts);
    counts.version = current;
    if (counts.inserted + counts.updated > 0) {
      counts.version = current + 1;
      pg::RecordPublishedVersion(tx, org_id, catalog_id, counts);
    }
    tx.commit();
    return counts;
  });
}

}  // namespace tillstream
