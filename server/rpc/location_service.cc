#include "server/rpc/location_service.h"

#include "server/rpc/convert/locations.h"

namespace tillstream {

absl::Status LocationServiceImpl::HandleListAccounts(
    const Principal& caller, const pos::v1::ListAccountsRequest&,
    pos::v1::ListAccountsResponse* resp) {
  return Reply(directory_->ListAccounts(caller), [&](const auto& orgs) {
    for (const Org& org : orgs) ToProtoOrg(org, resp->add_accounts());
  });
}

absl::Status LocationServiceImpl::HandleListStores(const Principal& /*caller*/,
                                                   const pos::v1::ListStoresRequest& req,
                                                   pos::v1::ListStoresResponse* resp) {
  return Reply(directory_->ListStores(req.org_id()), [&](const auto& stores) {
    for (const StoreView& view : stores) ToProtoStore(view, resp->add_stores());
  });
}

absl::Status LocationServiceImpl::HandleGetStore(const Principal& /*caller*/,
                                                 const pos::v1::GetStoreRequest& req,
                                                 pos::v1::Store* resp) {
  return Reply(directory_->GetStore(req.org_id(), req.store_id()),
               [&](const auto& view) { ToProtoStore(view, resp); });
}

absl::Status LocationServiceImpl::HandleUpdateStore(
    const Principal& /*caller*/, const pos::v1::UpdateStoreRequest& req,
    pos::v1::Store* resp) {
  auto update = FromProtoStoreUpdate(req);
  if (!update.ok()) return update.status();
  return Reply(directory_->UpdateStore(*update),
               [&](const auto& view) { ToProtoStore(view, resp); });
}

absl::Status LocationServiceImpl::HandleCreateCatalog(
    const Principal& /*caller*/, const pos::v1::CreateCatalogRequest& req,
    pos::v1::CatalogInfo* resp) {
  return Reply(directory_->CreateCatalog(
                   Catalog{req.org_id(), req.catalog_id(), req.name(), 0, ""}),
               [&](const auto& catalog) { ToProtoCatalog(catalog, resp); });
}

absl::Status LocationServiceImpl::HandleListCatalogs(
    const Principal& /*caller*/, const pos::v1::ListCatalogsRequest& req,
    pos::v1::ListCatalogsResponse* resp) {
  return Reply(directory_->ListCatalogs(req.org_id()), [&](const auto& catalogs) {
    for (const Catalog& c : catalogs) ToProtoCatalog(c, resp->add_catalogs());
  });
}

}  // namespace tillstream
