#include "server/domain/identity/api_key.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/digest.h"
#include "common/secrets.h"
#include "common/validation.h"

namespace tillstream {
namespace {

constexpr char kPrefix[] = "tsk";
constexpr size_t kIdBytes = 8;
constexpr size_t kSecretBytes = 32;

bool IsLowerHex(const std::string& s, size_t length) {
  if (s.size() != length) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

NewKey MakeNewKey(ApiKey key, std::string request_id) {
  key.key_id = RandomHex(kIdBytes);
  const std::string secret = RandomHex(kSecretBytes);
  NewKey made;
  made.text = absl::StrCat(kPrefix, "_", key.key_id, "_", secret);
  made.stored.secret_sha256 = Sha256Hex(secret);
  made.stored.request_id = std::move(request_id);
  made.stored.key = std::move(key);
  return made;
}

absl::StatusOr<KeyParts> ParseKey(const std::string& text) {
  const std::vector<std::string> parts = absl::StrSplit(text, '_');
  if (parts.size() != 3 || parts[0] != kPrefix || !IsLowerHex(parts[1], 2 * kIdBytes) ||
      !IsLowerHex(parts[2], 2 * kSecretBytes)) {
    return absl::UnauthenticatedError(
        "the API key is malformed: a key reads tsk_<16 hex>_<64 hex>, as posctl "
        "create-key printed it");
  }
  return KeyParts{parts[1], parts[2]};
}

bool SecretMatches(const StoredKey& stored, const std::string& secret) {
  return ConstantTimeEquals(Sha256Hex(secret), stored.secret_sha256);
}

absl::Status CheckNewKey(const ApiKey& key) {
  if (key.name.empty())
    return FieldError("name", "is required: who or what holds the key");
  if (key.name.size() > 100) return FieldError("name", "is longer than 100 characters");
  if (RoleIsPlatformWide(key.role) && !key.org_id.empty()) {
    return FieldError("org_id", "must be empty: a platform_admin key is platform-wide");
  }
  if (!RoleIsPlatformWide(key.role)) {
    if (key.org_id.empty()) {
      return FieldError("org_id", absl::StrCat("is required: a ", RoleName(key.role),
                                               " key belongs to one org"));
    }
    if (auto s = CheckCode("org_id", key.org_id); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::string Principal::Describe() const {
  return absl::StrCat(
      "key '", name, "' (", RoleName(role),
      platform_wide() ? ", platform-wide" : absl::StrCat(" of org ", org_id), ")");
}

absl::Status CheckAllowed(const Principal& caller, Permission permission,
                          const std::string& org_id, const std::string& rpc) {
  if (!RoleGrants(caller.role, permission)) {
    return absl::PermissionDeniedError(absl::StrCat(rpc, " needs permission ",
                                                    PermissionName(permission), "; ",
                                                    caller.Describe(), " lacks it"));
  }
  if (!caller.platform_wide() && org_id != caller.org_id) {
    return absl::PermissionDeniedError(
        absl::StrCat(caller.Describe(), " may act only for org ", caller.org_id,
                     ", not for ", org_id.empty() ? "the platform" : "org " + org_id));
  }
  return absl::OkStatus();
}

}  // namespace tillstream
