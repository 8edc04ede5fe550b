// CatalogSyncService: the client-streaming upload of a sync (a reactor that
// only gathers chunks; the caller is authorized on the first and the job
// stored on the last, on the worker pool) and the status of a sync.
#ifndef TILLSTREAM_SERVER_RPC_CATALOG_SYNC_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_CATALOG_SYNC_SERVICE_H_

#include "pos/v1/catalog_sync.grpc.pb.h"
#include "server/rpc/unary.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/catalog_syncs.h"

namespace tillstream {

class CatalogSyncServiceImpl final : public pos::v1::CatalogSyncService::CallbackService {
 public:
  static constexpr char kServiceName[] = "CatalogSyncService";

  // `worker` (may be null) is woken when a sync was stored here.
  CatalogSyncServiceImpl(CatalogSyncs* syncs, CatalogSyncWorker* worker, WorkerPool* pool,
                         AccessControl* access)
      : syncs_(syncs), worker_(worker), pool_(pool), access_(access) {}

  grpc::ServerReadReactor<pos::v1::SyncChunk>* StartSync(
      grpc::CallbackServerContext* ctx, pos::v1::CatalogSync* resp) override;
  TILLSTREAM_UNARY_RPC(GetSync, GetSyncRequest, CatalogSync);

 private:
  class Upload;

  CatalogSyncs* const syncs_;
  CatalogSyncWorker* const worker_;
  WorkerPool* const pool_;
  AccessControl* const access_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CATALOG_SYNC_SERVICE_H_
