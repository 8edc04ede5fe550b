// Storage of catalog syncs: the jobs, their claims by workers on any posd,
// and publishing a sync's rows as one new version of its catalog.
#ifndef TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_SYNC_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_SYNC_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/catalog/catalog_sync.h"

namespace tillstream {

class CatalogSyncRepository {
 public:
  virtual ~CatalogSyncRepository() = default;
  // Stores the job PENDING. The same sync id again (a client's retry) answers
  // the job as it stands; under another org it is ALREADY_EXISTS.
  virtual absl::StatusOr<SyncStatus> CreateSync(const std::string& sync_id,
                                                const SyncRequest& request,
                                                const std::string& data,
                                                int total_rows) = 0;
  // NOT_FOUND for a sync of another org or none.
  virtual absl::StatusOr<SyncStatus> GetSync(const std::string& org_id,
                                             const std::string& sync_id) = 0;
  // The oldest claimable job (PENDING with no older open sync of its target,
  // or IN_PROGRESS whose worker's lease ran out), now `worker`'s until
  // `lease` from now; none when there is nothing to do. A job whose workers
  // died `max_attempts` times is FAILED (SYSTEM_ERROR) instead.
  virtual absl::StatusOr<std::optional<SyncJob>> ClaimSync(const std::string& worker,
                                                           absl::Duration lease,
                                                           int max_attempts) = 0;
  // Extends the claim and records progress; FAILED_PRECONDITION when the job
  // is no longer this worker's (its lease ran out and another took it).
  virtual absl::Status RenewClaim(const SyncJob& job, const std::string& worker,
                                  int rows_done, absl::Duration lease) = 0;
  // Publishes `items` as the whole of the target catalog's next version and
  // marks the job SYNCED, in one transaction; or marks it FAILED
  // (CATALOG_NOT_FOUND, STORE_NOT_FOUND) when its target is gone. Answers the
  // job's status; FAILED_PRECONDITION when the claim is no longer this
  // worker's (nothing is published then).
  virtual absl::StatusOr<SyncStatus> PublishSync(
      const SyncJob& job, const std::string& worker,
      const std::vector<CatalogItem>& items) = 0;
  // Marks the job FAILED and records the failure on its catalog (when it
  // has one); items stay as they are.
  virtual absl::Status FailSync(const SyncJob& job, const std::string& worker,
                                SyncFailure failure, const std::string& detail) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_SYNC_REPOSITORY_H_
