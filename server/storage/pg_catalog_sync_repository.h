// CatalogSyncRepository on PostgreSQL: jobs in catalog_syncs, claimed with
// FOR UPDATE SKIP LOCKED under a lease; a sync is published set-based (COPY
// into a staging table, then one merge into the catalog's next version).
#ifndef TILLSTREAM_SERVER_STORAGE_PG_CATALOG_SYNC_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_CATALOG_SYNC_REPOSITORY_H_

#include <string>
#include <vector>

#include "server/domain/catalog/catalog_sync_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgCatalogSyncRepository : public CatalogSyncRepository {
 public:
  explicit PgCatalogSyncRepository(PgPool* pool) : pool_(pool) {}

  absl::StatusOr<SyncStatus> CreateSync(const std::string& sync_id,
                                        const SyncRequest& request,
                                        const std::string& data, int total_rows) override;
  absl::StatusOr<SyncStatus> GetSync(const std::string& org_id,
                                     const std::string& sync_id) override;
  absl::StatusOr<std::optional<SyncJob>> ClaimSync(const std::string& worker,
                                                   absl::Duration lease,
                                                   int max_attempts) override;
  absl::Status RenewClaim(const SyncJob& job, const std::string& worker, int rows_done,
                          absl::Duration lease) override;
  absl::StatusOr<SyncStatus> PublishSync(const SyncJob& job, const std::string& worker,
                                         const std::vector<CatalogItem>& items) override;
  absl::Status FailSync(const SyncJob& job, const std::string& worker,
                        SyncFailure failure, const std::string& detail) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_CATALOG_SYNC_REPOSITORY_H_
