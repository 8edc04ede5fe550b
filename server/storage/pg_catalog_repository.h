// CatalogRepository on PostgreSQL: catalogs, their versions of items, and
// the current version's barcodes. A new version is announced to every posd
// (NOTIFY) when its transaction commits.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_CATALOG_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_CATALOG_REPOSITORY_H_

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "server/domain/catalog/catalog_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

namespace pg {

// In the transaction that published it: records `counts.version` of the
// catalog (its items counted as they stand now, and what changed) and makes
// it the current one, clearing a failure a sync recorded.
void RecordPublishedVersion(pqxx::transaction_base& tx, const std::string& org_id,
                            const std::string& catalog_id, const UpsertCounts& counts);

// An item from a row of catalog_items (sku, name, unit_price_minor,
// tax_rate_bp, uom; and `barcodes`, joined, when the query selected them).
enum class Barcodes { kNotSelected, kSelected };
CatalogItem CatalogItemFromRow(const pqxx::row& r, Barcodes barcodes);

}  // namespace pg

class PgCatalogRepository : public CatalogRepository {
 public:
  explicit PgCatalogRepository(PgPool* pool) : pool_(pool) {}

  // The scan and bill look-ups, on every new connection.
  static void PrepareStatements(pqxx::connection& c);

  absl::StatusOr<Catalog> CreateCatalog(const Catalog& catalog) override;
  absl::StatusOr<std::vector<Catalog>> ListCatalogs(const std::string& org_id) override;
  absl::StatusOr<PricedItems> FindByBarcode(const std::string& org_id,
                                            const std::string& catalog_id,
                                            const std::string& barcode) override;
  absl::StatusOr<PricedItems> FindBySkus(const std::string& org_id,
                                         const std::string& catalog_id,
                                         const std::vector<std::string>& skus) override;
  // pg_catalog_history.cc
  absl::StatusOr<PricedItems> FindBySkusAt(const std::string& org_id,
                                           const std::string& catalog_id,
                                           const std::vector<std::string>& skus,
                                           int version) override;
  absl::StatusOr<CatalogDelta> ReadDelta(const std::string& org_id,
                                         const std::string& catalog_id, int from_version,
                                         int to_version, const std::string& after_sku,
                                         int limit) override;
  absl::StatusOr<std::vector<VersionPublished>> ListVersions(
      const std::string& org_id, const std::string& catalog_id) override;

  absl::StatusOr<UpsertCounts> UpsertItems(
      const std::string& org_id, const std::string& catalog_id,
      const std::vector<CatalogItem>& items) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_CATALOG_REPOSITORY_H_
