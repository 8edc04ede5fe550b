#include "server/rpc/convert/catalog_sync.h"

#include "server/rpc/convert/wire.h"

namespace tillstream {

static_assert(static_cast<int>(SyncFormat::kCsv) == pos::v1::SYNC_CSV);
static_assert(static_cast<int>(SyncState::kPending) == pos::v1::SYNC_PENDING);
static_assert(static_cast<int>(SyncState::kInProgress) == pos::v1::SYNC_IN_PROGRESS);
static_assert(static_cast<int>(SyncState::kSynced) == pos::v1::SYNC_SYNCED);
static_assert(static_cast<int>(SyncState::kFailed) == pos::v1::SYNC_FAILED);
static_assert(static_cast<int>(SyncFailure::kCatalogNotFound) ==
              pos::v1::CATALOG_NOT_FOUND);
static_assert(static_cast<int>(SyncFailure::kStoreNotFound) == pos::v1::STORE_NOT_FOUND);
static_assert(static_cast<int>(SyncFailure::kInvalidRows) == pos::v1::INVALID_ROWS);
static_assert(static_cast<int>(SyncFailure::kDuplicateBarcode) ==
              pos::v1::DUPLICATE_BARCODE);
static_assert(static_cast<int>(SyncFailure::kSystemError) == pos::v1::SYSTEM_ERROR);
static_assert(static_cast<int>(SyncFormat::kJsonLines) == pos::v1::SYNC_JSON_LINES);

SyncRequest FromProtoSyncChunk(const pos::v1::SyncChunk& c) {
  SyncRequest r;
  r.org_id = c.org_id();
  r.catalog_id = c.catalog_id();
  r.store_id = c.store_id();
  r.format = c.format() == pos::v1::SYNC_JSON_LINES
                 ? SyncFormat::kJsonLines
                 : SyncFormat::kCsv;  // UNSPECIFIED: CSV
  return r;
}

void ToProtoSync(const SyncStatus& s, absl::Time now, pos::v1::CatalogSync* out) {
  out->set_sync_id(s.sync_id);
  out->set_org_id(s.request.org_id);
  out->set_catalog_id(s.request.catalog_id);
  out->set_store_id(s.request.store_id);
  out->set_state(static_cast<pos::v1::SyncState>(s.state));
  out->set_total_rows(s.total_rows);
  out->set_rows_done(s.rows_done);
  SetTimestamp(s.created_at, out->mutable_created_at());
  if (s.started_at) {
    SetTimestamp(*s.started_at, out->mutable_started_at());
    out->set_elapsed_seconds(
        absl::ToInt64Seconds(s.finished_at.value_or(now) - *s.started_at));
  }
  if (s.finished_at) SetTimestamp(*s.finished_at, out->mutable_finished_at());
  out->set_waiting_for(s.waiting_for);
  out->set_synced_catalog_id(s.catalog_id);
  out->set_version(s.version);
  out->set_inserted(s.counts.inserted);
  out->set_updated(s.counts.updated);
  out->set_removed(s.counts.removed);
  out->set_unchanged(s.counts.unchanged);
  if (s.failure) out->set_failure(static_cast<pos::v1::SyncFailure>(*s.failure));
  out->set_failure_detail(s.failure_detail);
}

}  // namespace tillstream
