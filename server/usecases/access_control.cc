#include "server/usecases/access_control.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/validation.h"

namespace tillstream {
namespace {

absl::Status NotValid() {
  return absl::UnauthenticatedError(
      "the API key is not valid (unknown, wrong or revoked): ask an administrator for a "
      "key (posctl create-key)");
}

}  // namespace

absl::StatusOr<Principal> AccessControl::Authenticate(const std::string& key_text) {
  auto parts = ParseKey(key_text);
  if (!parts.ok()) return parts.status();
  auto stored = keys_->FindKey(parts->key_id);
  if (absl::IsNotFound(stored.status())) return NotValid();
  if (!stored.ok()) return stored.status();
  if (!SecretMatches(*stored, parts->secret) || stored->key.revoked_at.has_value()) {
    return NotValid();
  }
  const ApiKey& k = stored->key;
  return Principal{k.key_id, k.name, k.role, k.org_id};
}

absl::StatusOr<CreatedKey> AccessControl::CreateKey(const Principal& caller, ApiKey key,
                                                    const std::string& request_id) {
  if (auto s = CheckRequestId("request_id", request_id); !s.ok()) return s;
  if (auto s = CheckNewKey(key); !s.ok()) return s;
  key.created_by = caller.key_id;
  NewKey made = MakeNewKey(std::move(key), request_id);
  auto stored = keys_->CreateKey(made.stored);
  if (!stored.ok()) return stored.status();
  return CreatedKey{*std::move(stored), std::move(made.text)};
}

absl::StatusOr<std::vector<ApiKey>> AccessControl::ListKeys(const std::string& org_id,
                                                            bool include_revoked) {
  if (!org_id.empty()) {
    if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  }
  return keys_->ListKeys(org_id, include_revoked);
}

absl::StatusOr<ApiKey> AccessControl::RevokeKey(const Principal& caller,
                                                const std::string& org_id,
                                                const std::string& key_id) {
  if (key_id.empty()) return FieldError("key_id", "is required");
  return keys_->RevokeKey(org_id, key_id, caller.key_id);
}

absl::Status AccessControl::RecordRefusal(const AuditRecord& record,
                                          const absl::Status& refusal) {
  return audit_->RecordRefusal(record, absl::StatusCodeToString(refusal.code()),
                               std::string(refusal.message()));
}

absl::StatusOr<std::vector<AuditEntry>> AccessControl::ListAudit(
    const std::string& org_id, absl::Time since, int limit) {
  if (limit == 0) limit = 200;
  if (limit < 1 || limit > 1000) return FieldError("limit", "must be 1..1000");
  if (!org_id.empty()) {
    if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  }
  // The trail starts long after 1970; earlier times mean "from the start".
  return audit_->ListAudit(org_id, std::max(since, absl::UnixEpoch()), limit);
}

absl::StatusOr<CreatedKey> AccessControl::BootstrapPlatformKey(const std::string& name) {
  ApiKey key;
  key.name = name;
  key.role = Role::kPlatformAdmin;
  key.created_by = "bootstrap";
  if (auto s = CheckNewKey(key); !s.ok()) return s;
  NewKey made = MakeNewKey(std::move(key), "");
  auto stored = keys_->CreateFirstPlatformKey(made.stored);
  if (!stored.ok()) return stored.status();
  return CreatedKey{*std::move(stored), std::move(made.text)};
}

}  // namespace tillstream
