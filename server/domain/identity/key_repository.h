// Storage of API keys.
#ifndef TILLSTREAM_SERVER_DOMAIN_IDENTITY_KEY_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_IDENTITY_KEY_REPOSITORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/identity/api_key.h"

namespace tillstream {

class KeyRepository {
 public:
  virtual ~KeyRepository() = default;
  // Stores a new key. A request id the creator used before is
  // ALREADY_EXISTS naming that key (its secret cannot be shown again);
  // NOT_FOUND for an unknown org.
  virtual absl::StatusOr<ApiKey> CreateKey(const StoredKey& key) = 0;
  // Only when no platform-wide admin key is active (FAILED_PRECONDITION
  // otherwise), checked and stored in one transaction.
  virtual absl::StatusOr<ApiKey> CreateFirstPlatformKey(const StoredKey& key) = 0;
  // NOT_FOUND when there is no key with this id.
  virtual absl::StatusOr<StoredKey> FindKey(const std::string& key_id) = 0;
  // The org's keys (empty org_id: the platform-wide ones), newest first.
  virtual absl::StatusOr<std::vector<ApiKey>> ListKeys(const std::string& org_id,
                                                       bool include_revoked) = 0;
  // Idempotent: revoking a revoked key returns it unchanged. NOT_FOUND when
  // the org (empty: platform) has no key with this id.
  virtual absl::StatusOr<ApiKey> RevokeKey(const std::string& org_id,
                                           const std::string& key_id,
                                           const std::string& revoked_by) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_IDENTITY_KEY_REPOSITORY_H_
