#include "server/usecases/store_directory.h"

#include "common/validation.h"
#include "server/domain/catalog/catalog_repository.h"
#include "server/domain/org/org_repository.h"

namespace tillstream {
namespace {

StoreView ViewOf(StoreState state) {
  DerivedStatus status = DeriveStoreStatus(state);
  return StoreView{std::move(state), std::move(status)};
}

}  // namespace

absl::StatusOr<std::vector<Org>> StoreDirectory::ListAccounts(const Principal& caller) {
  if (!caller.platform_wide()) {
    auto org = repos_.orgs->GetOrg(caller.org_id);
    if (!org.ok()) return org.status();
    return std::vector<Org>{*std::move(org)};
  }
  return repos_.orgs->ListOrgs();
}

absl::StatusOr<std::vector<StoreView>> StoreDirectory::ListStores(
    const std::string& org_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  auto stores = repos_.orgs->ListStores(org_id);
  if (!stores.ok()) return stores.status();
  std::vector<StoreView> views;
  views.reserve(stores->size());
  for (StoreState& s : *stores) views.push_back(ViewOf(std::move(s)));
  return views;
}

absl::StatusOr<StoreView> StoreDirectory::GetStore(const std::string& org_id,
                                                   const std::string& store_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto s = CheckCode("store_id", store_id); !s.ok()) return s;
  auto state = repos_.orgs->GetStore(org_id, store_id);
  if (!state.ok()) return state.status();
  return ViewOf(*std::move(state));
}

absl::StatusOr<StoreView> StoreDirectory::UpdateStore(const StoreUpdate& update) {
  if (auto s = ValidateStoreUpdate(update); !s.ok()) return s;
  auto state = repos_.orgs->UpdateStore(update);
  if (!state.ok()) return state.status();
  return ViewOf(*std::move(state));
}

absl::StatusOr<Catalog> StoreDirectory::CreateCatalog(const Catalog& catalog) {
  if (auto s = ValidateCatalog(catalog); !s.ok()) return s;
  return repos_.catalog->CreateCatalog(catalog);
}

absl::StatusOr<std::vector<Catalog>> StoreDirectory::ListCatalogs(
    const std::string& org_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  return repos_.catalog->ListCatalogs(org_id);
}

}  // namespace tillstream
