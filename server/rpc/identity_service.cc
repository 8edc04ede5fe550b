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

namespace {

absl::Status NoTillCa() {
  return absl::FailedPreconditionError(
      "this posd serves plaintext (--insecure) and has no till CA: tills are enrolled "
      "only over TLS (posd --tls_cert/--tls_key/--till_ca_cert/--till_ca_key)");
}

}  // namespace

absl::Status IdentityServiceImpl::HandleCreateTillEnrolment(
    const Principal& caller, const pos::v1::CreateTillEnrolmentRequest& req,
    pos::v1::TillEnrolmentCode* resp) {
  if (tills_ == nullptr) return NoTillCa();
  const TillIdentity till{req.org_id(), req.store_id(), req.till_id()};
  return Reply(
      tills_->IssueEnrolmentCode(till, absl::Minutes(req.ttl_minutes()), caller.key_id),
      [&](const IssuedEnrolmentCode& code) {
        resp->set_code(code.code);
        SetTimestamp(code.expires_at, resp->mutable_expires_at());
      });
}

absl::Status IdentityServiceImpl::HandleRevokeTill(const Principal& caller,
                                                   const pos::v1::RevokeTillRequest& req,
                                                   pos::v1::RevokeTillResponse* resp) {
  if (tills_ == nullptr) return NoTillCa();
  const TillIdentity till{req.org_id(), req.store_id(), req.till_id()};
  return Reply(tills_->RevokeTill(till, caller.key_id),
               [&](int revoked) { resp->set_certificates_revoked(revoked); });
}

absl::Status IdentityServiceImpl::HandleSetCashier(const Principal& caller,
                                                   const pos::v1::SetCashierRequest& req,
                                                   pos::v1::Cashier* resp) {
  auto role = FromProtoCashierRole(req.role(), "role");
  if (!role.ok()) return role.status();
  Cashier cashier;
  cashier.org_id = req.org_id();
  cashier.cashier_id = req.cashier_id();
  cashier.name = req.name();
  cashier.role = *role;
  return Reply(cashiers_->SetCashier(cashier, req.pin(), caller.key_id),
               [&](const Cashier& c) { ToProtoCashier(c, resp); });
}

absl::Status IdentityServiceImpl::HandleListCashiers(
    const Principal& /*caller*/, const pos::v1::ListCashiersRequest& req,
    pos::v1::CashierList* resp) {
  return Reply(cashiers_->ListCashiers(req.org_id()), [&](const auto& list) {
    for (const Cashier& c : list) ToProtoCashier(c, resp->add_cashiers());
  });
}

absl::Status IdentityServiceImpl::HandleUnlockCashier(
    const Principal& /*caller*/, const pos::v1::UnlockCashierRequest& req,
    pos::v1::Cashier* resp) {
  return Reply(cashiers_->Unlock(req.org_id(), req.cashier_id()),
               [&](const Cashier& c) { ToProtoCashier(c, resp); });
}

}  // namespace tillstream
