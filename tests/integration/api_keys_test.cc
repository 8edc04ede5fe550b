// API keys end to end, over TLS: created by an admin, shown once, stored as a
// hash, scoped to an org and a role, revoked on every posd at once, and the
// first platform key bootstrapped only while there is none.
#include <gtest/gtest.h>

#include "pos/v1/identity.grpc.pb.h"
#include "pos/v1/invoices.grpc.pb.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::IdentityService;
using testing::PgEnvironment;

class ApiKeysTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    keys_ = IdentityService::NewStub(MakeChannel(target_));
  }

  template <typename Req, typename Resp>
  grpc::Status KeyCall(grpc::Status (IdentityService::Stub::*method)(grpc::ClientContext*,
                                                                     const Req&, Resp*),
                       const Req& req, const std::string& key, Resp* resp) {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(10));
    ctx.AddMetadata("authorization", "Bearer " + key);
    return (keys_.get()->*method)(&ctx, req, resp);
  }

  grpc::Status Create(const std::string& org, const std::string& name, pos::v1::Role role,
                      const std::string& request_id, const std::string& by,
                      pos::v1::CreatedApiKey* out) {
    pos::v1::CreateApiKeyRequest req;
    req.set_org_id(org);
    req.set_name(name);
    req.set_role(role);
    req.set_request_id(request_id);
    return KeyCall(&IdentityService::Stub::CreateApiKey, req, by, out);
  }

  // FindUser through InvoiceService with `key`: NOT_FOUND means allowed.
  grpc::StatusCode WebCall(const std::string& target, const std::string& key) {
    auto stub = pos::v1::InvoiceService::NewStub(MakeChannel(target));
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(10));
    ctx.AddMetadata("authorization", "Bearer " + key);
    pos::v1::FindUserRequest req;
    req.set_org_id(org_);
    req.set_email("nobody@example.com");
    pos::v1::User user;
    return stub->FindUser(&ctx, req, &user).error_code();
  }

  std::unique_ptr<IdentityService::Stub> keys_;
};

TEST_F(ApiKeysTest, AnOrgAdminHandsOutAPartnerKeyShownOnceAndStoredAsAHash) {
  pos::v1::CreatedApiKey admin;
  ASSERT_TRUE(Create(org_, "Olga (org admin)", pos::v1::ORG_ADMIN, "r1",
                     testing::AdminKey(), &admin)
                  .ok());
  EXPECT_EQ(admin.key().role(), pos::v1::ORG_ADMIN);
  EXPECT_EQ(admin.key().org_id(), org_);
  pos::v1::CreatedApiKey web;
  const grpc::Status s =
      Create(org_, "web shop", pos::v1::WEB_PARTNER, "r2", admin.secret(), &web);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(web.key().created_by(), admin.key().key_id());
  EXPECT_EQ(WebCall(target_, web.secret()), grpc::StatusCode::NOT_FOUND);

  // Nothing stored holds the secret; the hash is not the secret either.
  const std::string secret_part = web.secret().substr(web.secret().rfind('_') + 1);
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT count(*) FROM api_keys WHERE strpos(api_keys::text, $1) > 0",
                secret_part),
            "0");
  EXPECT_EQ(
      PgEnvironment::Query("SELECT length(secret_sha256) FROM api_keys WHERE key_id = $1",
                           web.key().key_id()),
      "64");

  // A retry of the same request makes no second key and cannot show the secret again.
  pos::v1::CreatedApiKey again;
  const grpc::Status retry =
      Create(org_, "web shop", pos::v1::WEB_PARTNER, "r2", admin.secret(), &again);
  EXPECT_EQ(retry.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(retry.error_message().find(web.key().key_id()), std::string::npos);
  pos::v1::ListApiKeysRequest list;
  list.set_org_id(org_);
  pos::v1::ApiKeyList listed;
  ASSERT_TRUE(
      KeyCall(&IdentityService::Stub::ListApiKeys, list, admin.secret(), &listed).ok());
  EXPECT_EQ(listed.keys_size(), 2);
}

TEST_F(ApiKeysTest, ScopesAndRolesAreCheckedAndBadInputStoresNothing) {
  const std::string org_admin = testing::MakeKey(Role::kOrgAdmin, org_);
  const std::string before =
      PgEnvironment::Query("SELECT count(*) FROM api_keys WHERE $1 <> ''", "x");
  pos::v1::CreatedApiKey out;
  // An org admin makes no platform keys and no keys of another org.
  EXPECT_EQ(
      Create("", "root", pos::v1::PLATFORM_ADMIN, "p1", org_admin, &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Create("elsewhere", "x", pos::v1::OPERATOR, "p2", org_admin, &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // A role that does not fit its scope, no role, no name, no request id.
  const grpc::Status platform_in_org =
      Create(org_, "root", pos::v1::PLATFORM_ADMIN, "p3", testing::AdminKey(), &out);
  EXPECT_EQ(platform_in_org.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(platform_in_org.error_message().find("org_id"), std::string::npos);
  EXPECT_EQ(
      Create("", "ops", pos::v1::OPERATOR, "p4", testing::AdminKey(), &out).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(
      Create(org_, "x", pos::v1::ROLE_UNSPECIFIED, "p5", org_admin, &out).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Create(org_, "", pos::v1::OPERATOR, "p6", org_admin, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Create(org_, "x", pos::v1::OPERATOR, "", org_admin, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(PgEnvironment::Query("SELECT count(*) FROM api_keys WHERE $1 <> ''", "x"),
            before);
  // An operator may not hand out keys at all.
  const std::string op = testing::MakeKey(Role::kOperator, org_);
  const grpc::Status s = Create(org_, "x", pos::v1::AUDITOR, "p7", op, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(s.error_message().find("manage_keys"), std::string::npos);
}

TEST_F(ApiKeysTest, ARevokedKeyIsRefusedAtOnceOnEveryServer) {
  auto second = testing::StartTestServer();
  ASSERT_TRUE(second.ok()) << second.status();
  const std::string target_b = "127.0.0.1:" + std::to_string((*second)->port());
  pos::v1::CreatedApiKey web;
  ASSERT_TRUE(
      Create(org_, "web shop", pos::v1::WEB_PARTNER, "w1", testing::AdminKey(), &web)
          .ok());
  EXPECT_EQ(WebCall(target_, web.secret()), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(WebCall(target_b, web.secret()), grpc::StatusCode::NOT_FOUND);

  pos::v1::RevokeApiKeyRequest revoke;
  revoke.set_org_id(org_);
  revoke.set_key_id(web.key().key_id());
  pos::v1::ApiKey revoked;
  ASSERT_TRUE(
      KeyCall(&IdentityService::Stub::RevokeApiKey, revoke, testing::AdminKey(), &revoked)
          .ok());
  EXPECT_TRUE(revoked.has_revoked_at());
  EXPECT_EQ(WebCall(target_, web.secret()), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(WebCall(target_b, web.secret()), grpc::StatusCode::UNAUTHENTICATED);
  // Revoking again answers the same revocation.
  pos::v1::ApiKey again;
  ASSERT_TRUE(
      KeyCall(&IdentityService::Stub::RevokeApiKey, revoke, testing::AdminKey(), &again)
          .ok());
  EXPECT_EQ(again.revoked_at().seconds(), revoked.revoked_at().seconds());
  // A key of another org is not found under this one.
  revoke.set_org_id("elsewhere");
  EXPECT_EQ(
      KeyCall(&IdentityService::Stub::RevokeApiKey, revoke, testing::AdminKey(), &again)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  (*second)->Shutdown();
}

TEST(ApiKeyBootstrapTest, TheFirstPlatformKeyIsMadeOnlyWhileThereIsNone) {
  const std::string url = PgEnvironment::CreateDatabase("bootstrap_keys");
  auto first = ServerApp::BootstrapPlatformKey(url, "first admin");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->rfind("tsk_", 0), 0u);
  auto second = ServerApp::BootstrapPlatformKey(url, "second admin");
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("posctl create-key"), std::string::npos);
  EXPECT_EQ(ServerApp::BootstrapPlatformKey(url, "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tillstream
