#include "server/storage/pg_catalog_sync_repository.h"

#include <pqxx/stream_to>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "server/storage/pg_catalog_repository.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Enum;
using pg::Transact;

constexpr int kMaxCatalogFailureLength = 300;

std::string StatusColumns() {
  return absl::StrCat(
      "s.sync_id::text AS sync_id, s.org_id, coalesce(s.catalog_id, '') AS catalog_id,"
      " coalesce(s.store_id, '') AS store_id, s.format, s.currency, s.total_rows, "
      "s.state,"
      " s.rows_done, ",
      pg::MicrosColumn("s.created_at"), ", ", pg::MicrosColumn("s.started_at"), ", ",
      pg::MicrosColumn("s.finished_at"),
      ", coalesce(s.synced_catalog, '') AS synced_catalog, coalesce(s.version, 0) AS "
      "version,"
      " coalesce(s.inserted, 0) AS inserted, coalesce(s.updated, 0) AS updated,"
      " coalesce(s.removed, 0) AS removed, coalesce(s.unchanged, 0) AS unchanged,"
      " s.failure_code, coalesce(s.failure_detail, '') AS failure_detail,"
      " (SELECT o.sync_id::text FROM catalog_syncs o WHERE o.org_id = s.org_id"
      "   AND o.catalog_id IS NOT DISTINCT FROM s.catalog_id"
      "   AND o.store_id IS NOT DISTINCT FROM s.store_id AND o.state IN (1, 2)"
      "   AND (o.created_at, o.sync_id) < (s.created_at, s.sync_id)"
      "   ORDER BY o.created_at LIMIT 1) AS waiting_for");
}

SyncStatus StatusFromRow(const pqxx::row& r) {
  SyncStatus s;
  s.sync_id = r["sync_id"].as<std::string>();
  s.request.org_id = r["org_id"].as<std::string>();
  s.request.catalog_id = r["catalog_id"].as<std::string>();
  s.request.store_id = r["store_id"].as<std::string>();
  s.request.format = pg::EnumOf<SyncFormat>(r["format"]);
  s.request.currency = r["currency"].as<std::string>();
  s.total_rows = r["total_rows"].as<int>();
  s.state = pg::EnumOf<SyncState>(r["state"]);
  s.rows_done = r["rows_done"].as<int>();
  s.created_at = pg::TimeOf(r, "created_at_us");
  s.started_at = pg::OptTime(r["started_at_us"]);
  s.finished_at = pg::OptTime(r["finished_at_us"]);
  if (s.state == SyncState::kPending) s.waiting_for = pg::OptString(r["waiting_for"]);
  s.catalog_id = r["synced_catalog"].as<std::string>();
  s.version = r["version"].as<int>();
  s.counts = {r["inserted"].as<int>(), r["updated"].as<int>(), r["unchanged"].as<int>(),
              s.version, r["removed"].as<int>()};
  if (!r["failure_code"].is_null())
    s.failure = pg::EnumOf<SyncFailure>(r["failure_code"]);
  s.failure_detail = r["failure_detail"].as<std::string>();
  return s;
}

absl::StatusOr<SyncStatus> ReadStatus(pqxx::transaction_base& tx,
                                      const std::string& org_id,
                                      const std::string& sync_id) {
  const pqxx::result r = tx.exec_params(
      absl::StrCat("SELECT ", StatusColumns(),
                   " FROM catalog_syncs s WHERE s.sync_id = $1::uuid AND s.org_id = $2"),
      sync_id, org_id);
  if (r.empty()) {
    return absl::NotFoundError(
        absl::StrCat("sync ", sync_id, " of org '", org_id, "' not found"));
  }
  return StatusFromRow(r[0]);
}

// Locks the job if it is still `worker`'s claim of that attempt.
bool StillClaimed(pqxx::transaction_base& tx, const SyncJob& job,
                  const std::string& worker) {
  return !tx.exec_params(
                "SELECT 1 FROM catalog_syncs WHERE sync_id = $1::uuid AND state = 2"
                " AND claimed_by = $2 AND attempts = $3 FOR UPDATE",
                job.sync_id, worker, job.attempt)
              .empty();
}

absl::Status LostClaim(const SyncJob& job) {
  return absl::FailedPreconditionError(absl::StrCat(
      "sync ", job.sync_id, " is no longer this worker's: its lease ran out"));
}

// The catalog a job syncs, locked against other publishers; "" and the
// failure when its target is gone.
std::string TargetCatalog(pqxx::transaction_base& tx, const SyncJob& job,
                          std::optional<SyncFailure>* failure, std::string* detail) {
  const SyncRequest& q = job.request;
  std::string catalog = q.catalog_id;
  if (catalog.empty()) {
    const pqxx::result s = tx.exec_params(
        "SELECT coalesce(catalog_id, '') AS catalog_id FROM stores WHERE org_id = $1 AND "
        "store_id = $2",
        q.org_id, q.store_id);
    if (s.empty()) {
      *failure = SyncFailure::kStoreNotFound;
      *detail = std::string(pg::StoreNotFound(q.org_id, q.store_id).message());
      return "";
    }
    catalog = s[0]["catalog_id"].as<std::string>();
    if (catalog.empty()) {
      *failure = SyncFailure::kCatalogNotFound;
      *detail = absl::StrCat("store '", q.store_id,
                             "' has no catalog assigned: posctl assign-catalog first");
      return "";
    }
  }
  if (tx.exec_params(
            "SELECT 1 FROM catalogs WHERE org_id = $1 AND catalog_id = $2 FOR UPDATE",
            q.org_id, catalog)
          .empty()) {
    *failure = SyncFailure::kCatalogNotFound;
    *detail = std::string(pg::CatalogNotFound(q.org_id, catalog).message());
    return "";
  }
  return catalog;
}

void MarkFailed(pqxx::transaction_base& tx, const SyncJob& job,
                const std::string& catalog, SyncFailure failure,
                const std::string& detail) {
  tx.exec_params(
      "UPDATE catalog_syncs SET state = 4, failure_code = $2, failure_detail = $3,"
      " finished_at = clock_timestamp(), data = '', lease_until = NULL WHERE sync_id = "
      "$1::uuid",
      job.sync_id, Enum(failure), detail);
  if (catalog.empty()) return;
  std::string summary = absl::StrCat(SyncFailureName(failure), ": ", detail);
  if (summary.size() > kMaxCatalogFailureLength) {
    summary.resize(kMaxCatalogFailureLength);  // whole detail stays on the sync
  }
  tx.exec_params(
      "UPDATE catalogs SET failure = $3, failed_at = now() WHERE org_id = $1 AND "
      "catalog_id = $2",
      job.request.org_id, catalog, summary);
}

// COPY of the rows into a staging table that lives for the transaction.
void Stage(pqxx::transaction_base& tx, const std::vector<CatalogItem>& items) {
  tx.exec(
      "CREATE TEMP TABLE sync_stage (sku text PRIMARY KEY, name text NOT NULL,"
      " unit_price_minor bigint NOT NULL, tax_rate_bp integer NOT NULL, uom smallint NOT "
      "NULL,"
      " barcodes text[] NOT NULL) ON COMMIT DROP");
  pqxx::stream_to out(tx, "sync_stage",
                      std::vector<std::string>{"sku", "name", "unit_price_minor",
                                               "tax_rate_bp", "uom", "barcodes"});
  for (const CatalogItem& i : items) {
    out << std::make_tuple(i.sku, i.name, i.unit_price_minor, i.tax_rate_bp, Enum(i.uom),
                           pg::PgArray(i.barcodes));
  }
  out.complete();
  tx.exec("ANALYZE sync_stage");
}

// The staged rows as the whole of `catalog`'s version `v`: changed and
// missing items end at v, changed and new ones start there; the current
// barcodes are rebuilt. Answers what changed.
UpsertCounts Merge(pqxx::transaction_base& tx, const std::string& org,
                   const std::string& catalog, int v, int total) {
  UpsertCounts c;
  c.version = v;
  c.updated =
      tx.exec_params(
            "UPDATE catalog_items i SET to_version = $3 FROM sync_stage s"
            " WHERE i.org_id = $1 AND i.catalog_id = $2 AND i.to_version IS NULL"
            " AND i.sku = s.sku AND (i.name, i.unit_price_minor, i.tax_rate_bp, i.uom,"
            " i.barcodes) IS DISTINCT FROM (s.name, s.unit_price_minor, s.tax_rate_bp,"
            " s.uom, s.barcodes)",
            org, catalog, v)
          .affected_rows();
  c.removed =
      tx.exec_params(
            "UPDATE catalog_items i SET to_version = $3 WHERE i.org_id = $1"
            " AND i.catalog_id = $2 AND i.to_version IS NULL AND i.from_version < $3"
            " AND NOT EXISTS (SELECT 1 FROM sync_stage s WHERE s.sku = i.sku)",
            org, catalog, v)
          .affected_rows();
  const int written =
      tx.exec_params(
            "INSERT INTO catalog_items (org_id, catalog_id, sku, from_version, name,"
            " unit_price_minor, tax_rate_bp, uom, barcodes)"
            " SELECT $1, $2, s.sku, $3, s.name, s.unit_price_minor, s.tax_rate_bp, s.uom,"
            " s.barcodes FROM sync_stage s WHERE NOT EXISTS (SELECT 1 FROM catalog_items "
            "i"
            " WHERE i.org_id = $1 AND i.catalog_id = $2 AND i.sku = s.sku"
            " AND i.to_version IS NULL)",
            org, catalog, v)
          .affected_rows();
  c.inserted = written - c.updated;
  c.unchanged = total - written;
  tx.exec_params("DELETE FROM catalog_barcodes WHERE org_id = $1 AND catalog_id = $2",
                 org, catalog);
  tx.exec_params(
      "INSERT INTO catalog_barcodes (org_id, catalog_id, barcode, sku)"
      " SELECT $1, $2, b, s.sku FROM sync_stage s, unnest(s.barcodes) AS b",
      org, catalog);
  return c;
}

}  // namespace

absl::StatusOr<SyncStatus> PgCatalogSyncRepository::CreateSync(const std::string& sync_id,
                                                               const SyncRequest& q,
                                                               const std::string& data,
                                                               int total_rows) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<SyncStatus> {
    pqxx::work tx(c);
    if (!pg::OrgExists(tx, q.org_id)) return pg::OrgNotFound(q.org_id);
    const pqxx::result r = tx.exec_params(
        "INSERT INTO catalog_syncs (sync_id, org_id, catalog_id, store_id, format, "
        "currency,"
        " data, total_rows) SELECT $1::uuid, $2, $3, $4, $5, o.currency, $6, $7"
        " FROM orgs o WHERE o.org_id = $2"  // prices are in the org's currency
        " ON CONFLICT (sync_id) DO NOTHING RETURNING sync_id",
        sync_id, q.org_id, pg::NullIfEmpty(q.catalog_id), pg::NullIfEmpty(q.store_id),
        Enum(q.format), data, total_rows);
    auto status = ReadStatus(tx, q.org_id, sync_id);
    if (r.empty() && absl::IsNotFound(status.status())) {
      return absl::AlreadyExistsError(
          absl::StrCat("sync id ", sync_id, " is taken: a new sync needs a new id"));
    }
    tx.commit();
    return status;
  });
}

absl::StatusOr<SyncStatus> PgCatalogSyncRepository::GetSync(const std::string& org_id,
                                                            const std::string& sync_id) {
  return Transact(*pool_, [&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return ReadStatus(tx, org_id, sync_id);
  });
}

absl::StatusOr<std::optional<SyncJob>> PgCatalogSyncRepository::ClaimSync(
    const std::string& worker, absl::Duration lease, int max_attempts) {
  using Claimed = std::optional<SyncJob>;
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Claimed> {
    pqxx::work tx(c);
    // Jobs whose workers kept dying are given up, not claimed again.
    tx.exec_params(
        "UPDATE catalog_syncs SET state = 4, failure_code = $1, data = '',"
        " finished_at = clock_timestamp(),"
        " failure_detail = 'the posd working on it stopped ' || attempts || ' times',"
        " lease_until = NULL WHERE state = 2 AND lease_until < now() AND attempts >= $2",
        Enum(SyncFailure::kSystemError), max_attempts);
    const pqxx::result r = tx.exec_params(
        "UPDATE catalog_syncs SET state = 2, attempts = attempts + 1, claimed_by = $1,"
        " lease_until = now() + $2 * interval '1 millisecond', rows_done = 0,"
        " started_at = coalesce(started_at, now())"
        " WHERE sync_id = (SELECT s.sync_id FROM catalog_syncs s"
        "   WHERE (s.state = 1 OR (s.state = 2 AND s.lease_until < now()))"
        "   AND NOT EXISTS (SELECT 1 FROM catalog_syncs o WHERE o.org_id = s.org_id"
        "     AND o.catalog_id IS NOT DISTINCT FROM s.catalog_id"
        "     AND o.store_id IS NOT DISTINCT FROM s.store_id AND o.state IN (1, 2)"
        "     AND (o.created_at, o.sync_id) < (s.created_at, s.sync_id))"
        "   ORDER BY s.created_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
        " RETURNING sync_id::text AS sync_id, org_id, coalesce(catalog_id, '') AS "
        "catalog_id,"
        " coalesce(store_id, '') AS store_id, format, currency, data, total_rows, "
        "attempts",
        worker, absl::ToInt64Milliseconds(lease));
    tx.commit();
    if (r.empty()) return Claimed();
    SyncJob job;
    job.sync_id = r[0]["sync_id"].as<std::string>();
    job.request = {r[0]["org_id"].as<std::string>(), r[0]["catalog_id"].as<std::string>(),
                   r[0]["store_id"].as<std::string>(),
                   pg::EnumOf<SyncFormat>(r[0]["format"]),
                   r[0]["currency"].as<std::string>()};
    job.data = r[0]["data"].as<std::string>();
    job.total_rows = r[0]["total_rows"].as<int>();
    job.attempt = r[0]["attempts"].as<int>();
    return Claimed(std::move(job));
  });
}

absl::Status PgCatalogSyncRepository::RenewClaim(const SyncJob& job,
                                                 const std::string& worker, int rows_done,
                                                 absl::Duration lease) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::Status {
    pqxx::nontransaction tx(c);
    const pqxx::result r = tx.exec_params(
        "UPDATE catalog_syncs SET rows_done = $4,"
        " lease_until = now() + $5 * interval '1 millisecond'"
        " WHERE sync_id = $1::uuid AND state = 2 AND claimed_by = $2 AND attempts = $3",
        job.sync_id, worker, job.attempt, rows_done, absl::ToInt64Milliseconds(lease));
    return r.affected_rows() == 0 ? LostClaim(job) : absl::OkStatus();
  });
}

absl::StatusOr<SyncStatus> PgCatalogSyncRepository::PublishSync(
    const SyncJob& job, const std::string& worker,
    const std::vector<CatalogItem>& items) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<SyncStatus> {
    pqxx::work tx(c);
    if (!StillClaimed(tx, job, worker)) return LostClaim(job);
    std::optional<SyncFailure> failure;
    std::string detail;
    const std::string catalog = TargetCatalog(tx, job, &failure, &detail);
    if (failure) {
      MarkFailed(tx, job, catalog, *failure, detail);
      auto status = ReadStatus(tx, job.request.org_id, job.sync_id);
      tx.commit();
      return status;
    }
    const std::string& org = job.request.org_id;
    const int v = tx.exec_params(
                        "SELECT current_version + 1 AS v FROM catalogs"
                        " WHERE org_id = $1 AND catalog_id = $2",
                        org, catalog)[0]["v"]
                      .as<int>();
    Stage(tx, items);
    const UpsertCounts n = Merge(tx, org, catalog, v, static_cast<int>(items.size()));
    pg::RecordPublishedVersion(tx, org, catalog, n);
    tx.exec_params(
        "UPDATE catalog_syncs SET state = 3, finished_at = clock_timestamp(), data = '', "
        "lease_until = NULL,"
        " rows_done = total_rows, synced_catalog = $2, version = $3, inserted = $4,"
        " updated = $5, removed = $6, unchanged = $7 WHERE sync_id = $1::uuid",
        job.sync_id, catalog, v, n.inserted, n.updated, n.removed, n.unchanged);
    auto status = ReadStatus(tx, org, job.sync_id);
    tx.commit();
    return status;
  });
}

absl::Status PgCatalogSyncRepository::FailSync(const SyncJob& job,
                                               const std::string& worker,
                                               SyncFailure failure,
                                               const std::string& detail) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::Status {
    pqxx::work tx(c);
    if (!StillClaimed(tx, job, worker)) return LostClaim(job);
    std::optional<SyncFailure> gone;
    std::string why;
    const std::string catalog = TargetCatalog(tx, job, &gone, &why);
    if (gone) {
      MarkFailed(tx, job, "", *gone, why);  // its target's failure says more
    } else {
      MarkFailed(tx, job, catalog, failure, detail);
    }
    tx.commit();
    return absl::OkStatus();
  });
}

}  // namespace tillstream
