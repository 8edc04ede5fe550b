#include "server/storage/pg_key_repository.h"

#include "absl/strings/str_cat.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Transact;

const std::string& KeyColumns() {
  static const auto& columns = *new std::string(absl::StrCat(
      "key_id, coalesce(org_id, '') AS org_id, name, role, secret_sha256,"
      " coalesce(request_id, '') AS request_id, ",
      pg::MicrosColumn("created_at"), ", created_by, ", pg::Micros("revoked_at"),
      " AS revoked_at_us, coalesce(revoked_by, '') AS revoked_by"));
  return columns;
}

StoredKey KeyFromRow(const pqxx::row& r) {
  StoredKey s;
  ApiKey& k = s.key;
  k.key_id = r["key_id"].as<std::string>();
  k.org_id = r["org_id"].as<std::string>();
  k.name = r["name"].as<std::string>();
  k.role = pg::EnumOf<Role>(r["role"]);
  k.created_at = pg::TimeOf(r, "created_at_us");
  k.created_by = r["created_by"].as<std::string>();
  k.revoked_at = pg::OptTime(r["revoked_at_us"]);
  k.revoked_by = r["revoked_by"].as<std::string>();
  s.secret_sha256 = r["secret_sha256"].as<std::string>();
  s.request_id = r["request_id"].as<std::string>();
  return s;
}

void InsertKey(pqxx::transaction_base& tx, const StoredKey& s) {
  const ApiKey& k = s.key;
  tx.exec_params(
      "INSERT INTO api_keys (key_id, org_id, name, role, secret_sha256, request_id,"
      " created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      k.key_id, pg::NullIfEmpty(k.org_id), k.name, pg::Enum(k.role), s.secret_sha256,
      pg::NullIfEmpty(s.request_id), k.created_by);
}

std::optional<StoredKey> ReadKey(pqxx::transaction_base& tx, const std::string& key_id) {
  const pqxx::result r = tx.exec_params(
      absl::StrCat("SELECT ", KeyColumns(), " FROM api_keys WHERE key_id = $1"), key_id);
  if (r.empty()) return std::nullopt;
  return KeyFromRow(r[0]);
}

}  // namespace

absl::StatusOr<ApiKey> PgKeyRepository::CreateKey(const StoredKey& key) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<ApiKey> {
    pqxx::work tx(c);
    if (!key.key.org_id.empty() && !pg::OrgExists(tx, key.key.org_id)) {
      return pg::OrgNotFound(key.key.org_id);
    }
    const pqxx::result earlier = tx.exec_params(
        "SELECT key_id FROM api_keys WHERE created_by = $1 AND request_id = $2",
        key.key.created_by, key.request_id);
    if (!earlier.empty()) {
      return absl::AlreadyExistsError(absl::StrCat(
          "request ", key.request_id, " already created key ",
          earlier[0][0].as<std::string>(),
          "; its secret was shown once and cannot be shown again: if it was lost, "
          "revoke that key and create another with a new request id"));
    }
    InsertKey(tx, key);
    StoredKey stored = *ReadKey(tx, key.key.key_id);
    tx.commit();
    return stored.key;
  });
}

absl::StatusOr<ApiKey> PgKeyRepository::CreateFirstPlatformKey(const StoredKey& key) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<ApiKey> {
    pqxx::work tx(c);
    // Two bootstraps at once: the second waits here and then sees the first.
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('api_keys.bootstrap'))");
    const pqxx::row n = tx.exec_params1(
        "SELECT count(*) FROM api_keys WHERE role = $1 AND revoked_at IS NULL",
        pg::Enum(Role::kPlatformAdmin));
    if (n[0].as<int64_t>() > 0) {
      return absl::FailedPreconditionError(
          "a platform_admin key is active already: create further keys with posctl "
          "create-key; bootstrap works only while none is active");
    }
    InsertKey(tx, key);
    StoredKey stored = *ReadKey(tx, key.key.key_id);
    tx.commit();
    return stored.key;
  });
}

absl::StatusOr<StoredKey> PgKeyRepository::FindKey(const std::string& key_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoredKey> {
    pqxx::read_transaction tx(c);
    auto key = ReadKey(tx, key_id);
    if (!key) return absl::NotFoundError("no such key");
    return *std::move(key);
  });
}

absl::StatusOr<std::vector<ApiKey>> PgKeyRepository::ListKeys(const std::string& org_id,
                                                              bool include_revoked) {
  return Transact(
      *pool_, [&](pqxx::connection& c) -> absl::StatusOr<std::vector<ApiKey>> {
        pqxx::read_transaction tx(c);
        std::vector<ApiKey> keys;
        for (const auto& r : tx.exec_params(
                 absl::StrCat(
                     "SELECT ", KeyColumns(),
                     " FROM api_keys WHERE org_id IS NOT DISTINCT FROM $1"
                     " AND ($2 OR revoked_at IS NULL) ORDER BY created_at DESC, key_id"),
                 pg::NullIfEmpty(org_id), include_revoked)) {
          keys.push_back(KeyFromRow(r).key);
        }
        return keys;
      });
}

absl::StatusOr<ApiKey> PgKeyRepository::RevokeKey(const std::string& org_id,
                                                  const std::string& key_id,
                                                  const std::string& revoked_by) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<ApiKey> {
    pqxx::work tx(c);
    const pqxx::result r = tx.exec_params(
        "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()),"
        " revoked_by = coalesce(revoked_by, $3)"
        " WHERE key_id = $1 AND org_id IS NOT DISTINCT FROM $2 RETURNING key_id",
        key_id, pg::NullIfEmpty(org_id), revoked_by);
    if (r.empty()) {
      return absl::NotFoundError(absl::StrCat("no key ", key_id,
                                              org_id.empty()
                                                  ? " among the platform-wide keys"
                                                  : absl::StrCat(" in org ", org_id)));
    }
    StoredKey stored = *ReadKey(tx, key_id);
    tx.commit();
    return stored.key;
  });
}

}  // namespace tillstream
