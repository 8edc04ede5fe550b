// Catalog syncs: starting one (the upload checked and stored as a job) and
// reading its status; CatalogSyncWorker works the jobs off in the
// background, on every posd, so a sync survives the posd that started or
// ran it.
#ifndef TILLSTREAM_SERVER_USECASES_CATALOG_SYNCS_H_
#define TILLSTREAM_SERVER_USECASES_CATALOG_SYNCS_H_

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/catalog/catalog_sync.h"
#include "server/domain/catalog/catalog_sync_repository.h"

namespace tillstream {

class CatalogSyncs {
 public:
  explicit CatalogSyncs(CatalogSyncRepository* syncs) : syncs_(syncs) {}

  // Checks the request and the upload's form (size, UTF-8), stores the job
  // and answers it PENDING; the rows are checked by the worker.
  absl::StatusOr<SyncStatus> Start(const std::string& sync_id, const SyncRequest& request,
                                   const std::string& data);
  absl::StatusOr<SyncStatus> Get(const std::string& org_id, const std::string& sync_id);

 private:
  CatalogSyncRepository* const syncs_;
};

struct SyncWorkerOptions {
  std::string worker_id;  // unique per posd process
  absl::Duration poll = absl::Seconds(1);
  absl::Duration lease = absl::Seconds(10);  // renewed every lease / 4
  int max_attempts = 3;
};

class CatalogSyncWorker {
 public:
  CatalogSyncWorker(CatalogSyncRepository* syncs, SyncWorkerOptions options);
  ~CatalogSyncWorker();  // stops
  CatalogSyncWorker(const CatalogSyncWorker&) = delete;
  CatalogSyncWorker& operator=(const CatalogSyncWorker&) = delete;

  void Start();  // the background thread
  void Stop();
  // Claims and works one job; false when there was none. For tests and the
  // thread.
  bool RunOnce();
  // Wakes the thread now (a sync was just started on this posd).
  void Poke();

 private:
  void Work(const SyncJob& job);

  CatalogSyncRepository* const syncs_;
  const SyncWorkerOptions options_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool poked_ = false;
  bool stopping_ = false;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_CATALOG_SYNCS_H_
