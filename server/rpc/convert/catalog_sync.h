// Catalog syncs between pos.v1 and the domain.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_CATALOG_SYNC_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_CATALOG_SYNC_H_

#include "absl/time/time.h"
#include "pos/v1/catalog_sync.pb.h"
#include "server/domain/catalog/catalog_sync.h"

namespace tillstream {

// The request the first chunk names (data aside).
SyncRequest FromProtoSyncChunk(const pos::v1::SyncChunk& first);
// `now` reckons the elapsed seconds of a sync still running.
void ToProtoSync(const SyncStatus& s, absl::Time now, pos::v1::CatalogSync* out);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_CATALOG_SYNC_H_
