// Storage of the catalog.
#ifndef TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_REPOSITORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/catalog/catalog.h"

namespace tillstream {

class CatalogRepository {
 public:
  virtual ~CatalogRepository() = default;
  // Idempotent like the org's Create calls: the same catalog again is OK;
  // another name under its id is ALREADY_EXISTS. NOT_FOUND for an unknown org.
  virtual absl::StatusOr<Catalog> CreateCatalog(const Catalog& catalog) = 0;
  virtual absl::StatusOr<std::vector<Catalog>> ListCatalogs(
      const std::string& org_id) = 0;
  // The item with that barcode in the catalog's current version (with that
  // version); NOT_FOUND when it holds none.
  virtual absl::StatusOr<PricedItems> FindByBarcode(const std::string& org_id,
                                                    const std::string& catalog_id,
                                                    const std::string& barcode) = 0;
  // Items for the given SKUs, all read from one version (the current one);
  // unknown SKUs are simply absent from the result.
  virtual absl::StatusOr<PricedItems> FindBySkus(
      const std::string& org_id, const std::string& catalog_id,
      const std::vector<std::string>& skus) = 0;
  // Items for the given SKUs as `version` held them (a bill rung offline
  // from that version); NOT_FOUND for an unknown catalog or version.
  virtual absl::StatusOr<PricedItems> FindBySkusAt(const std::string& org_id,
                                                   const std::string& catalog_id,
                                                   const std::vector<std::string>& skus,
                                                   int version) = 0;
  // One page (at most `limit` entries, sku after `after_sku`) of the
  // changes from `from_version` (0: everything) to `to_version` (0: the
  // current one). NOT_FOUND for an unknown catalog, OUT_OF_RANGE for a
  // version it does not have.
  virtual absl::StatusOr<CatalogDelta> ReadDelta(const std::string& org_id,
                                                 const std::string& catalog_id,
                                                 int from_version, int to_version,
                                                 const std::string& after_sku,
                                                 int limit) = 0;
  // Every published version of the catalog with its time, oldest first.
  virtual absl::StatusOr<std::vector<VersionPublished>> ListVersions(
      const std::string& org_id, const std::string& catalog_id) = 0;
  // Inserts and updates the given items as one new version of the catalog
  // (none when nothing changed), all or nothing. NOT_FOUND for an unknown
  // catalog.
  virtual absl::StatusOr<UpsertCounts> UpsertItems(
      const std::string& org_id, const std::string& catalog_id,
      const std::vector<CatalogItem>& items) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_REPOSITORY_H_
