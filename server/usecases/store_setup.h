// The operator setting up the chain: orgs, stores, tills and the catalog.
// Validates every input, then delegates to the repositories.
#ifndef TILLSTREAM_SERVER_USECASES_STORE_SETUP_H_
#define TILLSTREAM_SERVER_USECASES_STORE_SETUP_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/catalog/catalog.h"
#include "server/domain/org/org.h"
#include "server/usecases/repositories.h"

namespace tillstream {

class StoreSetup {
 public:
  explicit StoreSetup(const Repositories& repos) : repos_(repos) {}

  absl::StatusOr<Org> CreateOrg(const Org& org);
  absl::StatusOr<Org> GetOrg(const std::string& org_id);
  // A store created without naming a catalog is assigned the org's main one.
  absl::StatusOr<StoreInfo> CreateStore(const StoreInfo& store);
  absl::StatusOr<TillInfo> CreateTill(const TillInfo& till);
  // Publishes the items as a new version of the catalog. `price_currency`
  // is the currency the prices are given in; it must be the org's.
  absl::StatusOr<UpsertCounts> UpsertItems(const std::string& org_id,
                                           const std::string& catalog_id,
                                           const std::string& price_currency,
                                           const std::vector<CatalogItem>& items);

 private:
  Repositories repos_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_STORE_SETUP_H_
