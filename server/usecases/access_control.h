// Who is calling the back office, and the API keys that say so: the RPC
// edge authenticates every call here; operators create, list and revoke
// keys; `posd --bootstrap_platform_key` makes the very first one.
#ifndef TILLSTREAM_SERVER_USECASES_ACCESS_CONTROL_H_
#define TILLSTREAM_SERVER_USECASES_ACCESS_CONTROL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/identity/api_key.h"
#include "server/domain/identity/audit_repository.h"
#include "server/domain/identity/key_repository.h"
#include "server/usecases/guess_guard.h"

namespace tillstream {

struct CreatedKey {
  ApiKey key;
  std::string text;  // the whole key, shown once
};

class AccessControl {
 public:
  // `guesses` limits each key's look-ups by guessable codes (none when null).
  AccessControl(KeyRepository* keys, AuditRepository* audit,
                GuessGuard* guesses = nullptr)
      : keys_(keys), audit_(audit), guesses_(guesses) {}

  GuessGuard* guesses() const { return guesses_; }

  // The principal behind a key's text: UNAUTHENTICATED for a malformed,
  // unknown, wrong or revoked key (the same words for all but the form, so
  // the answer tells a guesser nothing).
  absl::StatusOr<Principal> Authenticate(const std::string& key_text);

  // The caller already holds manage_keys for `key.org_id` (the RPC edge
  // checks it); `request_id` makes a retry answer ALREADY_EXISTS instead of
  // a second key.
  absl::StatusOr<CreatedKey> CreateKey(const Principal& caller, ApiKey key,
                                       const std::string& request_id);
  absl::StatusOr<std::vector<ApiKey>> ListKeys(const std::string& org_id,
                                               bool include_revoked);
  absl::StatusOr<ApiKey> RevokeKey(const Principal& caller, const std::string& org_id,
                                   const std::string& key_id);

  // A write RPC refused for `record`'s caller, with the refusal.
  absl::Status RecordRefusal(const AuditRecord& record, const absl::Status& refusal);
  // `limit` 0 means 200; 1..1000 otherwise.
  absl::StatusOr<std::vector<AuditEntry>> ListAudit(const std::string& org_id,
                                                    absl::Time since, int limit);

  // The first platform-admin key, only while there is none active.
  absl::StatusOr<CreatedKey> BootstrapPlatformKey(const std::string& name);

 private:
  KeyRepository* const keys_;
  AuditRepository* const audit_;
  GuessGuard* const guesses_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_ACCESS_CONTROL_H_
