// API keys: what a person or a system presents on every back-office call.
// A key reads `tsk_<key id>_<secret>`; the back office keeps its id and a
// SHA-256 of the secret (a random 256-bit secret needs no slow hash), never
// the secret itself, so a key is shown once, when it is created.
#ifndef TILLSTREAM_SERVER_DOMAIN_IDENTITY_API_KEY_H_
#define TILLSTREAM_SERVER_DOMAIN_IDENTITY_API_KEY_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/identity/roles.h"

namespace tillstream {

struct ApiKey {
  std::string key_id;
  std::string org_id;  // empty: platform-wide
  std::string name;
  Role role = Role::kAuditor;
  absl::Time created_at;
  std::string created_by;  // the creating key's id, or "bootstrap"
  std::optional<absl::Time> revoked_at;
  std::string revoked_by;
};

// A key as stored: with its secret's hash, and the creator's request id.
struct StoredKey {
  ApiKey key;
  std::string secret_sha256;
  std::string request_id;
};

// A key just made: the whole key text, to show once, and what to store.
struct NewKey {
  std::string text;
  StoredKey stored;
};
NewKey MakeNewKey(ApiKey key, std::string request_id);

struct KeyParts {
  std::string key_id;
  std::string secret;
};
// UNAUTHENTICATED (without echoing the text) when it is not a key's form.
absl::StatusOr<KeyParts> ParseKey(const std::string& text);
// Whether `secret` is the one whose hash is stored (constant time).
bool SecretMatches(const StoredKey& stored, const std::string& secret);

// Checks a new key's fields: a name, a role, and a scope that fits the role
// (platform admins platform-wide, every other role in one org).
absl::Status CheckNewKey(const ApiKey& key);

// Who is calling: the key that authenticated the call.
struct Principal {
  std::string key_id;
  std::string name;
  Role role = Role::kAuditor;
  std::string org_id;  // empty: platform-wide

  bool platform_wide() const { return org_id.empty(); }
  // "key 'web shop' (web_partner of org acme)", for messages and the audit.
  std::string Describe() const;
};

// PERMISSION_DENIED naming the permission, or the org, that `caller` lacks
// to act on `org_id` (empty: a platform-wide target).
absl::Status CheckAllowed(const Principal& caller, Permission permission,
                          const std::string& org_id, const std::string& rpc);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_IDENTITY_API_KEY_H_
