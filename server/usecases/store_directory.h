// The operator's view of the chain as locations: the accounts (orgs) a
// caller may see, each org's store configurations with their derived status,
// changing a store (details, enabled, archived, its catalog), and the org's
// catalogs.
#ifndef TILLSTREAM_SERVER_USECASES_STORE_DIRECTORY_H_
#define TILLSTREAM_SERVER_USECASES_STORE_DIRECTORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/catalog/catalog.h"
#include "server/domain/identity/api_key.h"
#include "server/domain/org/org.h"
#include "server/domain/org/store.h"
#include "server/usecases/repositories.h"

namespace tillstream {

struct StoreView {
  StoreState state;
  DerivedStatus status;
};

class StoreDirectory {
 public:
  explicit StoreDirectory(const Repositories& repos) : repos_(repos) {}

  // Every org for a platform-wide caller; the caller's own org otherwise.
  absl::StatusOr<std::vector<Org>> ListAccounts(const Principal& caller);
  absl::StatusOr<std::vector<StoreView>> ListStores(const std::string& org_id);
  absl::StatusOr<StoreView> GetStore(const std::string& org_id,
                                     const std::string& store_id);
  absl::StatusOr<StoreView> UpdateStore(const StoreUpdate& update);

  absl::StatusOr<Catalog> CreateCatalog(const Catalog& catalog);
  absl::StatusOr<std::vector<Catalog>> ListCatalogs(const std::string& org_id);

 private:
  Repositories repos_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_STORE_DIRECTORY_H_
