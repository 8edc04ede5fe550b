// LocationService: accounts, store configurations with their derived
// status, and catalogs, on the callback API. Handlers translate and run
// StoreDirectory on the worker pool.
#ifndef TILLSTREAM_SERVER_RPC_LOCATION_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_LOCATION_SERVICE_H_

#include "pos/v1/locations.grpc.pb.h"
#include "server/rpc/unary.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/store_directory.h"

namespace tillstream {

class LocationServiceImpl final : public pos::v1::LocationService::CallbackService {
 public:
  static constexpr char kServiceName[] = "LocationService";

  LocationServiceImpl(StoreDirectory* directory, WorkerPool* pool, AccessControl* access)
      : directory_(directory), pool_(pool), access_(access) {}

  TILLSTREAM_UNARY_RPC(ListAccounts, ListAccountsRequest, ListAccountsResponse);
  TILLSTREAM_UNARY_RPC(ListStores, ListStoresRequest, ListStoresResponse);
  TILLSTREAM_UNARY_RPC(GetStore, GetStoreRequest, Store);
  TILLSTREAM_UNARY_RPC(UpdateStore, UpdateStoreRequest, Store);
  TILLSTREAM_UNARY_RPC(CreateCatalog, CreateCatalogRequest, CatalogInfo);
  TILLSTREAM_UNARY_RPC(ListCatalogs, ListCatalogsRequest, ListCatalogsResponse);

 private:
  StoreDirectory* const directory_;
  WorkerPool* const pool_;
  AccessControl* const access_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_LOCATION_SERVICE_H_
