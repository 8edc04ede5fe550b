#include "server/rpc/identity_service.h"

#include "server/rpc/convert/identity.h"
#include "server/rpc/convert/wire.h"

namespace tillstream {

absl::Status IdentityServiceImpl::HandleCreateApiKey(
    const Principal& caller, const pos::v1::CreateApiKeyRequest& req,
    pos::v1::CreatedApiKey* resp) {
  auto role = FromProtoRole(req.role(), "role");
  if (!role.ok()) return role.status();
  ApiKey key;
  key.org_id = req.org_id();
  key.name = req.name();
  key.role = *role;
  return Reply(access_->CreateKey(caller, key, req.request_id()),
               [&](const auto& created) {
                 ToProtoApiKey(created.key, resp->mutable_key());
                 resp->set_secret(created.text);
               });
}

absl::Status IdentityServiceImpl::HandleListApiKeys(
    const Principal& /*caller*/, const pos::v1::ListApiKeysRequest& req,
    pos::v1::ApiKeyList* resp) {
  return Reply(access_->ListKeys(req.org_id(), req.include_revoked()),
               [&](const auto& keys) {
                 for (const ApiKey& k : keys) ToProtoApiKey(k, resp->add_keys());
               });
}

absl::Status IdentityServiceImpl::HandleRevokeApiKey(
    const Principal& caller, const pos::v1::RevokeApiKeyRequest& req,
    pos::v1::ApiKey* resp) {
  return Reply(access_->RevokeKey(caller, req.org_id(), req.key_id()),
               [&](const ApiKey& key) { ToProtoApiKey(key, resp); });
}

absl::Status IdentityServiceImpl::HandleListAudit(const Principal& /*caller*/,
                                                  const pos::v1::ListAuditRequest& req,
                                                  pos::v1::AuditTrail* resp) {
  const absl::Time since =
      req.has_since() ? FromTimestamp(req.since()) : absl::UnixEpoch();
  return Reply(access_->ListAudit(req.org_id(), since, req.limit()),
               [&](const auto& rows) {
                 for (const AuditEntry& e : rows) ToProtoAuditRow(e, resp->add_rows());
               });
}

}  // namespace tillstream
