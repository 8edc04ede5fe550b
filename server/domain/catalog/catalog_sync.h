// A catalog sync: an uploaded price list that becomes one new version of a
// catalog in the background, with a status a client polls. The rows are
// checked in full before anything is published: a failed sync changes
// nothing.
#ifndef TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_SYNC_H_
#define TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_SYNC_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/catalog/catalog.h"

namespace tillstream {

// Stored (catalog_syncs) and sent (pos.v1): do not renumber.
enum class SyncFormat { kCsv = 1, kJsonLines = 2 };
enum class SyncState { kPending = 1, kInProgress = 2, kSynced = 3, kFailed = 4 };
enum class SyncFailure {
  kCatalogNotFound = 1,
  kStoreNotFound = 2,
  kInvalidRows = 3,
  kDuplicateBarcode = 4,
  kSystemError = 5,
};

const char* SyncStateName(SyncState state);        // "IN_PROGRESS"
const char* SyncFailureName(SyncFailure failure);  // "DUPLICATE_BARCODE"

// The largest upload a sync takes, and the most rows.
constexpr size_t kMaxSyncBytes = 64u << 20;
constexpr int kMaxSyncRows = 500000;

// What a client asks to sync: into a catalog, or into the catalog a store
// is assigned.
struct SyncRequest {
  std::string org_id;
  std::string catalog_id;  // or
  std::string store_id;
  SyncFormat format = SyncFormat::kCsv;
  std::string currency;  // of the prices in the upload: the org's (set when stored)
};

struct SyncStatus {
  std::string sync_id;
  SyncRequest request;
  SyncState state = SyncState::kPending;
  int total_rows = 0;
  int rows_done = 0;
  absl::Time created_at;
  std::optional<absl::Time> started_at;
  std::optional<absl::Time> finished_at;
  std::string waiting_for;  // PENDING behind another sync of the catalog: its id
  // SYNCED: the catalog and the version published, and what changed.
  std::string catalog_id;
  int version = 0;
  UpsertCounts counts;
  // FAILED
  std::optional<SyncFailure> failure;
  std::string failure_detail;
};

// A claimed job: the request and its upload.
struct SyncJob {
  std::string sync_id;
  SyncRequest request;
  std::string data;
  int total_rows = 0;
  int attempt = 0;  // 1 for the first claim
};

// Field checks of a request and of the upload's size (INVALID_ARGUMENT).
absl::Status ValidateSyncRequest(const SyncRequest& request);

// The data rows of an upload (blank lines, # comments and a header aside).
int CountSyncRows(absl::string_view data);

// The items of an upload in `format`, every row checked, or why it cannot
// be synced: INVALID_ROWS naming the first bad rows (numbered from 1, the
// header aside) and what is wrong, DUPLICATE_BARCODE naming the rows that share
// one. `progress(rows)` is called every few thousand rows.
struct ParsedSync {
  std::vector<CatalogItem> items;
  std::optional<SyncFailure> failure;
  std::string detail;
};
ParsedSync ParseSyncRows(absl::string_view data, SyncFormat format,
                         const std::string& currency,
                         const std::function<void(int)>& progress);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_SYNC_H_
