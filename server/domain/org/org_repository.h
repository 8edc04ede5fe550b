// Storage of orgs, stores and tills.
#ifndef TILLSTREAM_SERVER_DOMAIN_ORG_ORG_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_ORG_ORG_REPOSITORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/validation.h"
#include "server/domain/org/org.h"
#include "server/domain/org/store.h"

namespace tillstream {

class OrgRepository {
 public:
  virtual ~OrgRepository() = default;
  // Create calls are idempotent: the same record again is OK and returns the
  // stored one; a different record under an existing id is ALREADY_EXISTS.
  virtual absl::StatusOr<Org> CreateOrg(const Org& org) = 0;
  virtual absl::StatusOr<StoreInfo> CreateStore(const StoreInfo& store) = 0;
  virtual absl::StatusOr<TillInfo> CreateTill(const TillInfo& till) = 0;
  virtual absl::StatusOr<Org> GetOrg(const std::string& org_id) = 0;
  virtual absl::StatusOr<std::vector<Org>> ListOrgs() = 0;
  // A store with the facts its status is derived from; NOT_FOUND.
  virtual absl::StatusOr<StoreState> GetStore(const std::string& org_id,
                                              const std::string& store_id) = 0;
  virtual absl::StatusOr<std::vector<StoreState>> ListStores(
      const std::string& org_id) = 0;
  // Applies the set fields in one transaction; FAILED_PRECONDITION for an
  // archived store, NOT_FOUND for an unknown store or catalog.
  virtual absl::StatusOr<StoreState> UpdateStore(const StoreUpdate& update) = 0;
  virtual absl::StatusOr<TillContext> FindTill(const std::string& org_id,
                                               const std::string& store_id,
                                               const std::string& till_id) = 0;
  // The till's local copy holds `version` of `catalog_id` now.
  virtual absl::Status RecordHeldCatalog(const std::string& org_id,
                                         const std::string& store_id,
                                         const std::string& till_id,
                                         const std::string& catalog_id, int version) = 0;
};

// The org, once its id has the form of a code (INVALID_ARGUMENT naming
// org_id otherwise); NOT_FOUND when there is none.
inline absl::StatusOr<Org> LoadOrg(OrgRepository& orgs, const std::string& org_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  return orgs.GetOrg(org_id);
}

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_ORG_ORG_REPOSITORY_H_
