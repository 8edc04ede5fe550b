// KeyRepository on PostgreSQL: the api_keys table.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_KEY_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_KEY_REPOSITORY_H_

#include <string>
#include <vector>

#include "server/domain/identity/key_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgKeyRepository : public KeyRepository {
 public:
  explicit PgKeyRepository(PgPool* pool) : pool_(pool) {}

  absl::StatusOr<ApiKey> CreateKey(const StoredKey& key) override;
  absl::StatusOr<ApiKey> CreateFirstPlatformKey(const StoredKey& key) override;
  absl::StatusOr<StoredKey> FindKey(const std::string& key_id) override;
  absl::StatusOr<std::vector<ApiKey>> ListKeys(const std::string& org_id,
                                               bool include_revoked) override;
  absl::StatusOr<ApiKey> RevokeKey(const std::string& org_id, const std::string& key_id,
                                   const std::string& revoked_by) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_KEY_REPOSITORY_H_
