#include "server/storage/pg_catalog_repository.h"

#include "absl/strings/str_cat.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"
#include "server/storage/price_change_feed.h"

namespace tillstream {
namespace {

using pg::Enum;
using pg::PgArray;
using pg::Transact;

constexpr char kItemColumns[] = "i.sku, i.name, i.unit_price_minor, i.tax_rate_bp, i.uom";

// Items from rows of kItemColumns. Barcodes are not loaded: pricing needs none.
std::vector<CatalogItem> LoadItems(const pqxx::result& rows) {
  std::vector<CatalogItem> items;
  items.reserve(rows.size());
  for (const auto& r : rows) {
    CatalogItem item;
    item.sku = r["sku"].as<std::string>();
    item.name = r["name"].as<std::string>();
    item.unit_price_minor = r["unit_price_minor"].as<int64_t>();
    item.tax_rate_bp = r["tax_rate_bp"].as<int32_t>();
    item.uom = pg::EnumOf<Uom>(r["uom"]);
    items.push_back(std::move(item));
  }
  return items;
}

// One item in `tx`: inserted, updated or unchanged (with its barcodes).
void UpsertItem(pqxx::transaction_base& tx, const std::string& org_id,
                const std::string& currency, const CatalogItem& item,
                UpsertCounts* counts) {
  // `old` reads the row as it was, to tell tills only of price or name changes.
  const pqxx::result r = tx.exec_params(
      "WITH old AS (SELECT name, unit_price_minor FROM items"
      " WHERE org_id = $1 AND sku = $2) "
      "INSERT INTO items AS i (org_id, sku, name, unit_price_minor, "
      "tax_rate_bp, uom) VALUES ($1,$2,$3,$4,$5,$6) "
      "ON CONFLICT (org_id, sku) DO UPDATE SET name = excluded.name, "
      "unit_price_minor = excluded.unit_price_minor, "
      "tax_rate_bp = excluded.tax_rate_bp, uom = excluded.uom, "
      "updated_at = now() "
      "WHERE (i.name, i.unit_price_minor, i.tax_rate_bp, i.uom) IS DISTINCT "
      "FROM (excluded.name, excluded.unit_price_minor, excluded.tax_rate_bp, "
      "excluded.uom) "
      "RETURNING (xmax = 0) AS inserted,"
      " (SELECT name <> $3 OR unit_price_minor <> $4 FROM old) AS announce",
      org_id, item.sku, item.name, item.unit_price_minor, item.tax_rate_bp,
      Enum(item.uom));
  const bool item_changed = !r.empty();
  if (item_changed && !r[0]["inserted"].as<bool>() && !r[0]["announce"].is_null() &&
      r[0]["announce"].as<bool>()) {
    // Delivered to every LISTENing posd when this transaction commits.
    tx.exec_params("SELECT pg_notify($1, $2)", kPriceChangeChannel,
                   EncodePriceChange(PriceChange{org_id, currency, item}));
  }
  if (!item_changed) {
    ++counts->unchanged;
  } else if (r[0]["inserted"].as<bool>()) {
    ++counts->inserted;
  } else {
    ++counts->updated;
  }
  // Barcodes: the item's set becomes exactly the given one; a barcode that
  // belonged to another item moves here.
  const pqxx::result removed = tx.exec_params(
      "DELETE FROM item_barcodes WHERE org_id = $1 AND sku = $2 "
      "AND NOT (barcode = ANY ($3::text[])) RETURNING barcode",
      org_id, item.sku, PgArray(item.barcodes));
  size_t added = 0;
  for (const std::string& barcode : item.barcodes) {
    added += tx.exec_params(
                   "INSERT INTO item_barcodes AS b (org_id, barcode, sku) "
                   "VALUES ($1,$2,$3) ON CONFLICT (org_id, barcode) DO UPDATE "
                   "SET sku = excluded.sku WHERE b.sku <> excluded.sku "
                   "RETURNING 1",
                   org_id, barcode, item.sku)
                 .size();
  }
  if (!item_changed && (added > 0 || !removed.empty())) {
    --counts->unchanged;
    ++counts->updated;
  }
}

}  // namespace

void PgCatalogRepository::PrepareStatements(pqxx::connection& c) {
  c.prepare("item_by_barcode",
            absl::StrCat("SELECT ", kItemColumns,
                         " FROM item_barcodes b JOIN items i USING (org_id, sku) "
                         "WHERE b.org_id = $1 AND b.barcode = $2"));
  c.prepare("items_by_skus", absl::StrCat("SELECT ", kItemColumns,
                                          " FROM items i WHERE i.org_id = $1 "
                                          "AND i.sku = ANY ($2::text[])"));
}

absl::StatusOr<CatalogItem> PgCatalogRepository::FindByBarcode(
    const std::string& org_id, const std::string& barcode) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<CatalogItem> {
    pqxx::nontransaction tx(c);
    std::vector<CatalogItem> found =
        LoadItems(tx.exec_prepared("item_by_barcode", org_id, barcode));
    if (found.empty()) {
      return absl::NotFoundError(
          absl::StrCat("barcode '", barcode, "' is not in the catalog"));
    }
    return found.front();
  });
}

absl::StatusOr<std::vector<CatalogItem>> PgCatalogRepository::FindBySkus(
    const std::string& org_id, const std::vector<std::string>& skus) {
  if (skus.empty()) return std::vector<CatalogItem>();
  return Transact(
      *pool_, [&](pqxx::connection& c) -> absl::StatusOr<std::vector<CatalogItem>> {
        pqxx::nontransaction tx(c);
        return LoadItems(tx.exec_prepared("items_by_skus", org_id, PgArray(skus)));
      });
}

absl::StatusOr<UpsertCounts> PgCatalogRepository::UpsertItems(
    const std::string& org_id, const std::vector<CatalogItem>& items) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<UpsertCounts> {
    UpsertCounts counts;
    pqxx::work tx(c);
    const std::string currency =
        tx.exec_params1("SELECT currency FROM orgs WHERE org_id = $1", org_id)["currency"]
            .as<std::string>();
    for (const CatalogItem& item : items) UpsertItem(tx, org_id, currency, item, &counts);
    tx.commit();
    return counts;
  });
}

}  // namespace tillstream
