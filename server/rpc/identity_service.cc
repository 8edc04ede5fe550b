#include "server/rpc/identity_service.h"

#include "server/rpc/convert/identity.h"

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

}  // namespace tillstream
