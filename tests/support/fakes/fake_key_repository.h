// API keys in memory.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_KEY_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_KEY_REPOSITORY_H_

#include <map>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "server/domain/identity/key_repository.h"

namespace tillstream::testing {

class FakeKeyRepository : public KeyRepository {
 public:
  absl::StatusOr<ApiKey> CreateKey(const StoredKey& key) override {
    for (const auto& [id, k] : keys_) {
      if (k.key.created_by == key.key.created_by && k.request_id == key.request_id) {
        return absl::AlreadyExistsError("request " + key.request_id + " made key " + id);
      }
    }
    StoredKey stored = key;
    stored.key.created_at = absl::Now();
    keys_[key.key.key_id] = stored;
    return stored.key;
  }
  absl::StatusOr<ApiKey> CreateFirstPlatformKey(const StoredKey& key) override {
    for (const auto& [id, k] : keys_) {
      if (k.key.role == Role::kPlatformAdmin && !k.key.revoked_at) {
        return absl::FailedPreconditionError("a platform_admin key is active already");
      }
    }
    return CreateKey(key);
  }
  absl::StatusOr<StoredKey> FindKey(const std::string& key_id) override {
    auto it = keys_.find(key_id);
    if (it == keys_.end()) return absl::NotFoundError("no such key");
    return it->second;
  }
  absl::StatusOr<std::vector<ApiKey>> ListKeys(const std::string& org_id,
                                               bool include_revoked) override {
    std::vector<ApiKey> out;
    for (const auto& [id, k] : keys_) {
      if (k.key.org_id == org_id && (include_revoked || !k.key.revoked_at)) {
        out.push_back(k.key);
      }
    }
    return out;
  }
  absl::StatusOr<ApiKey> RevokeKey(const std::string& org_id, const std::string& key_id,
                                   const std::string& revoked_by) override {
    auto it = keys_.find(key_id);
    if (it == keys_.end() || it->second.key.org_id != org_id) {
      return absl::NotFoundError("no key " + key_id);
    }
    if (!it->second.key.revoked_at) {
      it->second.key.revoked_at = absl::Now();
      it->second.key.revoked_by = revoked_by;
    }
    return it->second.key;
  }

 private:
  std::map<std::string, StoredKey> keys_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_KEY_REPOSITORY_H_
