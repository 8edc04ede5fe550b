// PgCatalogRepository's reads of past versions: the items a version held
// (bills rung offline from it), the changes between two versions (tills'
// copies) and when each version was published.
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "server/storage/pg_catalog_repository.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Transact;

// The rows of catalog_items valid at version $3.
constexpr char kValidAt[] =
    "i.from_version <= $3 AND (i.to_version IS NULL OR i.to_version > $3)";

absl::Status NoSuchVersion(const std::string& catalog_id, int version, int current) {
  return absl::OutOfRangeError(absl::StrCat("catalog ", catalog_id, " has no version ",
                                            version, " (its current one is ", current,
                                            ")"));
}

}  // namespace

absl::StatusOr<PricedItems> PgCatalogRepository::FindBySkusAt(
    const std::string& org_id, const std::string& catalog_id,
    const std::vector<std::string>& skus, int version) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<PricedItems> {
    pqxx::read_transaction tx(c);
    const pqxx::result cat = tx.exec_params(
        "SELECT current_version FROM catalogs WHERE org_id = $1 AND catalog_id = $2",
        org_id, catalog_id);
    if (cat.empty()) return pg::CatalogNotFound(org_id, catalog_id);
    const int current = cat[0][0].as<int>();
    if (version < 1 || version > current) {
      return NoSuchVersion(catalog_id, version, current);
    }
    PricedItems out{catalog_id, version, {}};
    for (const auto& r : tx.exec_params(
             absl::StrCat(
                 "SELECT i.sku, i.name, i.unit_price_minor, i.tax_rate_bp, "
                 "i.uom, ",
                 pg::JoinedArray("i.barcodes"),
                 " FROM catalog_items i WHERE i.org_id = $1 AND i.catalog_id = $2"
                 " AND ",
                 kValidAt, " AND i.sku = ANY ($4::text[])"),
             org_id, catalog_id, version, pg::PgArray(skus))) {
      out.items.push_back(pg::CatalogItemFromRow(r, pg::Barcodes::kSelected));
    }
    return out;
  });
}

absl::StatusOr<CatalogDelta> PgCatalogRepository::ReadDelta(
    const std::string& org_id, const std::string& catalog_id, int from_version,
    int to_version, const std::string& after_sku, int limit) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<CatalogDelta> {
    // One snapshot for the version check and the page.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
    const pqxx::result cat = tx.exec_params(
        "SELECT current_version FROM catalogs WHERE org_id = $1 AND catalog_id = $2",
        org_id, catalog_id);
    if (cat.empty()) return pg::CatalogNotFound(org_id, catalog_id);
    const int current = cat[0][0].as<int>();
    const int to = to_version == 0 ? current : to_version;
    if (to < 1 || to > current) return NoSuchVersion(catalog_id, to, current);
    if (from_version < 0 || from_version > to) {
      return NoSuchVersion(catalog_id, from_version, current);
    }
    CatalogDelta delta;
    delta.catalog_id = catalog_id;
    delta.from_version = from_version;
    delta.to_version = to;
    delta.published_at = pg::TimeOf(
        tx.exec_params1(absl::StrCat("SELECT ", pg::MicrosColumn("published_at"),
                                     " FROM catalog_versions WHERE org_id = $1 AND "
                                     "catalog_id = $2 AND version = $3"),
                        org_id, catalog_id, to),
        "published_at_us");
    // Two index scans in SKU order (catalog_items_pkey), merged here: the
    // changes are the rows opened after `from` and still open at `to`; the
    // removals are the rows open at `from` and closed by `to` whose SKU has
    // no change (a SKU removed and added again is a change). Each reads one
    // more row than the page, so the merge knows how far both are complete.
    const pqxx::result changes = tx.exec_params(
        absl::StrCat("SELECT i.sku, i.name, i.unit_price_minor, i.tax_rate_bp, i.uom, ",
                     pg::JoinedArray("i.barcodes"),
                     " FROM catalog_items i WHERE i.org_id = $1 AND i.catalog_id = $2"
                     " AND i.from_version > $4 AND ",
                     kValidAt, " AND i.sku > $5 ORDER BY i.sku LIMIT $6"),
        org_id, catalog_id, to, from_version, after_sku, limit + 1);
    const bool changes_cut = static_cast<int>(changes.size()) > limit;
    const std::string changes_end =
        changes_cut ? changes[changes.size() - 1]["sku"].as<std::string>() : "";
    pqxx::result closed;
    if (from_version > 0) {  // a snapshot removes nothing
      closed = tx.exec_params(
          "SELECT i.sku FROM catalog_items i WHERE i.org_id = $1 AND i.catalog_id = $2"
          " AND i.from_version <= $4 AND i.to_version > $4 AND i.to_version <= $3"
          " AND i.sku > $5 AND ($7 = '' OR i.sku <= $7) ORDER BY i.sku LIMIT $6",
          org_id, catalog_id, to, from_version, after_sku, limit + 1, changes_end);
    }
    const bool closed_cut = static_cast<int>(closed.size()) > limit;
    // Both streams are complete up to `end` ("" when neither was cut).
    std::string end = changes_end;
    if (closed_cut) {
      const std::string closed_end = closed[closed.size() - 1]["sku"].as<std::string>();
      if (end.empty() || closed_end < end) end = closed_end;
    }
    const auto within = [&end](const std::string& sku) {
      return end.empty() || sku <= end;
    };
    size_t ci = 0, ri = 0;
    int taken = 0;
    for (;;) {
      const bool more_c =
          ci < changes.size() && within(changes[ci]["sku"].as<std::string>());
      const bool more_r =
          ri < closed.size() && within(closed[ri]["sku"].as<std::string>());
      if (!more_c && !more_r) break;
      const std::string sku_c = more_c ? changes[ci]["sku"].as<std::string>() : "";
      const std::string sku_r = more_r ? closed[ri]["sku"].as<std::string>() : "";
      if (more_r && more_c && sku_r == sku_c) {
        ++ri;  // closed and opened again: a change
        continue;
      }
      if (taken == limit) {
        delta.more = true;
        break;
      }
      if (more_c && (!more_r || sku_c < sku_r)) {
        delta.items.push_back(
            pg::CatalogItemFromRow(changes[ci++], pg::Barcodes::kSelected));
        delta.last_sku = sku_c;
      } else {
        delta.removed.push_back(sku_r);
        delta.last_sku = sku_r;
        ++ri;
      }
      ++taken;
    }
    if (!end.empty()) delta.more = true;  // a stream was cut: more follow
    return delta;
  });
}

absl::StatusOr<std::vector<VersionPublished>> PgCatalogRepository::ListVersions(
    const std::string& org_id, const std::string& catalog_id) {
  return Transact(
      *pool_, [&](pqxx::connection& c) -> absl::StatusOr<std::vector<VersionPublished>> {
        pqxx::read_transaction tx(c);
        if (!pg::CatalogExists(tx, org_id, catalog_id)) {
          return pg::CatalogNotFound(org_id, catalog_id);
        }
        std::vector<VersionPublished> out;
        for (const auto& r : tx.exec_params(
                 absl::StrCat("SELECT version, ", pg::MicrosColumn("published_at"),
                              " FROM catalog_versions WHERE org_id = $1 AND catalog_id = "
                              "$2 ORDER BY version"),
                 org_id, catalog_id)) {
          out.push_back({r["version"].as<int>(), pg::TimeOf(r, "published_at_us")});
        }
        return out;
      });
}

}  // namespace tillstream
