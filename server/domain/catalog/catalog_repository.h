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
  virtual absl::StatusOr<CatalogItem> FindByBarcode(const std::string& org_id,
                                                    const std::string& barcode) = 0;
  // Items for the given SKUs; unknown SKUs are simply absent from the result.
  virtual absl::StatusOr<std::vector<CatalogItem>> FindBySkus(
      const std::string& org_id, const std::vector<std::string>& skus) = 0;
  // All or nothing.
  virtual absl::StatusOr<UpsertCounts> UpsertItems(
      const std::string& org_id, const std::vector<CatalogItem>& items) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_REPOSITORY_H_
