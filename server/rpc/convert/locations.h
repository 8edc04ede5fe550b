// Accounts, store configurations with their status, and catalogs on the wire.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_LOCATIONS_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_LOCATIONS_H_

#include "absl/status/statusor.h"
#include "pos/v1/locations.pb.h"
#include "server/domain/catalog/catalog.h"
#include "server/domain/org/org.h"
#include "server/domain/org/store.h"
#include "server/usecases/store_directory.h"

namespace tillstream {

void ToProtoOrg(const Org& org, pos::v1::Org* out);
// The configuration alone (status unset), as CreateStore answers it.
void ToProtoStoreInfo(const StoreInfo& store, pos::v1::Store* out);
void ToProtoStore(const StoreView& view, pos::v1::Store* out);
void ToProtoCatalog(const Catalog& catalog, pos::v1::CatalogInfo* out);
StoreInfo FromProtoCreateStore(const pos::v1::CreateStoreRequest& req);
// INVALID_ARGUMENT naming `set` for a field name it does not know.
absl::StatusOr<StoreUpdate> FromProtoStoreUpdate(const pos::v1::UpdateStoreRequest& req);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_LOCATIONS_H_
