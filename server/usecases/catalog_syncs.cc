#include "server/usecases/catalog_syncs.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/validation.h"

namespace tillstream {
namespace {

// Renews a claim every half second (at most lease / 4) with the progress so far, on a
// thread of its own, while the job is parsed and published.
class Heartbeat {
 public:
  Heartbeat(CatalogSyncRepository* syncs, const SyncJob& job, const SyncWorkerOptions& o)
      : thread_([this, syncs, &job, &o] {
          std::unique_lock<std::mutex> lock(mu_);
          while (!done_) {
            // Often enough for a progress bar to move, well inside the lease.
            const absl::Duration every = std::min(o.lease / 4, absl::Milliseconds(500));
            if (cv_.wait_for(lock, absl::ToChronoMilliseconds(every),
                             [this] { return done_; })) {
              break;
            }
            const int rows = rows_done.load();
            lock.unlock();
            (void)syncs->RenewClaim(job, o.worker_id, rows,
                                    o.lease);  // lost: publish says
            lock.lock();
          }
        }) {}
  ~Heartbeat() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  std::atomic<int> rows_done{0};

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace

absl::StatusOr<SyncStatus> CatalogSyncs::Start(const std::string& sync_id,
                                               const SyncRequest& request,
                                               const std::string& data) {
  if (!IsUuid(sync_id)) {
    return FieldError("sync_id",
                      "must be a UUID the client chose (the same id again on a retry)");
  }
  if (auto s = ValidateSyncRequest(request); !s.ok()) return s;
  if (data.size() > kMaxSyncBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the upload is ", data.size(), " bytes; the limit is ", kMaxSyncBytes));
  }
  if (!IsValidUtf8(data) || data.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError("the upload is not UTF-8 text");
  }
  const int rows = CountSyncRows(data);
  if (rows > kMaxSyncRows) {
    return absl::InvalidArgumentError(
        absl::StrCat("the upload holds ", rows, " rows; the limit is ", kMaxSyncRows));
  }
  return syncs_->CreateSync(CanonicalUuid(sync_id), request, data, rows);
}

absl::StatusOr<SyncStatus> CatalogSyncs::Get(const std::string& org_id,
                                             const std::string& sync_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (!IsUuid(sync_id)) return FieldError("sync_id", "must be a UUID");
  return syncs_->GetSync(org_id, CanonicalUuid(sync_id));
}

CatalogSyncWorker::CatalogSyncWorker(CatalogSyncRepository* syncs,
                                     SyncWorkerOptions options)
    : syncs_(syncs), options_(std::move(options)) {}

CatalogSyncWorker::~CatalogSyncWorker() { Stop(); }

void CatalogSyncWorker::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      const bool worked = RunOnce();
      lock.lock();
      if (worked || stopping_) continue;
      wake_.wait_for(lock, absl::ToChronoMilliseconds(options_.poll),
                     [this] { return poked_ || stopping_; });
      poked_ = false;
    }
  });
}

void CatalogSyncWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CatalogSyncWorker::Poke() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    poked_ = true;
  }
  wake_.notify_all();
}

bool CatalogSyncWorker::RunOnce() {
  auto job = syncs_->ClaimSync(options_.worker_id, options_.lease, options_.max_attempts);
  if (!job.ok()) {
    spdlog::warn("catalog sync: claiming a job failed: {}", job.status().ToString());
    return false;
  }
  if (!job->has_value()) return false;
  Work(**job);
  return true;
}

void CatalogSyncWorker::Work(const SyncJob& job) {
  spdlog::info("catalog sync {}: {} rows for org {} (attempt {})", job.sync_id,
               job.total_rows, job.request.org_id, job.attempt);
  const absl::Time start = absl::Now();
  Heartbeat beat(syncs_, job, options_);
  ParsedSync parsed = ParseSyncRows(job.data, job.request.format, job.request.currency,
                                    [&](int rows) { beat.rows_done = rows; });
  beat.rows_done = job.total_rows;
  // Said now: publishing holds the job's row, so the heartbeat waits.
  (void)syncs_->RenewClaim(job, options_.worker_id, job.total_rows, options_.lease);
  if (parsed.failure) {
    const absl::Status failed =
        syncs_->FailSync(job, options_.worker_id, *parsed.failure, parsed.detail);
    spdlog::info("catalog sync {}: FAILED {} ({})", job.sync_id,
                 SyncFailureName(*parsed.failure),
                 failed.ok() ? "recorded" : failed.ToString());
    return;
  }
  auto published = syncs_->PublishSync(job, options_.worker_id, parsed.items);
  if (!published.ok()) {
    // Left claimed: the lease runs out and it is claimed again (at most
    // max_attempts times), unless the claim was already another's.
    spdlog::warn("catalog sync {}: {}", job.sync_id, published.status().ToString());
    return;
  }
  spdlog::info("catalog sync {}: {} version {} in {} ms", job.sync_id,
               SyncStateName(published->state), published->version,
               absl::ToInt64Milliseconds(absl::Now() - start));
}

}  // namespace tillstream
