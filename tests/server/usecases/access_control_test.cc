#include "server/usecases/access_control.h"

#include <gtest/gtest.h>

#include "tests/support/fakes/fake_audit_repository.h"
#include "tests/support/fakes/fake_key_repository.h"

namespace tillstream {
namespace {

class AccessControlTest : public ::testing::Test {
 protected:
  // The bootstrap key's principal.
  Principal Root() {
    auto root = access_.BootstrapPlatformKey("root");
    EXPECT_TRUE(root.ok()) << root.status();
    return *access_.Authenticate(root->text);
  }
  static ApiKey Spec(const std::string& name, Role role) {
    ApiKey k;
    k.name = name;
    k.role = role;
    k.org_id = "acme";
    return k;
  }

  testing::FakeKeyRepository keys_;
  testing::FakeAuditRepository audit_;
  AccessControl access_{&keys_, &audit_};
};

TEST_F(AccessControlTest, TheBootstrapKeyAuthenticatesAsPlatformAdminOnce) {
  auto first = access_.BootstrapPlatformKey("root");
  ASSERT_TRUE(first.ok()) << first.status();
  auto caller = access_.Authenticate(first->text);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->role, Role::kPlatformAdmin);
  EXPECT_TRUE(caller->platform_wide());
  EXPECT_EQ(access_.BootstrapPlatformKey("again").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(AccessControlTest, UnknownWrongAndRevokedKeysGetTheSameAnswer) {
  const Principal caller = Root();
  const ApiKey spec = Spec("web", Role::kWebPartner);
  auto web = access_.CreateKey(caller, spec, "r1");
  ASSERT_TRUE(web.ok()) << web.status();
  EXPECT_EQ(web->key.created_by, caller.key_id);
  ASSERT_TRUE(access_.Authenticate(web->text).ok());

  std::string wrong = web->text;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  const NewKey never = MakeNewKey(spec, "");
  ASSERT_TRUE(access_.RevokeKey(caller, "acme", web->key.key_id).ok());
  const absl::Status revoked = access_.Authenticate(web->text).status();
  const absl::Status wrong_secret = access_.Authenticate(wrong).status();
  const absl::Status unknown = access_.Authenticate(never.text).status();
  EXPECT_EQ(revoked.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(revoked, wrong_secret);
  EXPECT_EQ(revoked, unknown);
}

TEST_F(AccessControlTest, ARetriedCreateMakesNoSecondKey) {
  const Principal caller = Root();
  const ApiKey spec = Spec("ops", Role::kOperator);
  ASSERT_TRUE(access_.CreateKey(caller, spec, "same").ok());
  EXPECT_EQ(access_.CreateKey(caller, spec, "same").status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(access_.CreateKey(caller, spec, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(access_.ListKeys("acme", false)->size(), 1u);
}

TEST_F(AccessControlTest, RefusalsAreRecordedWithTheirCodeAndListedPerOrg) {
  AuditRecord r;
  r.principal = "k1";
  r.rpc = "AdminService/DeleteBill";
  r.org_id = "acme";
  ASSERT_TRUE(
      access_.RecordRefusal(r, absl::PermissionDeniedError("needs manage_bills")).ok());
  auto rows = access_.ListAudit("acme", absl::InfinitePast(), 0);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].outcome, "PERMISSION_DENIED");
  EXPECT_EQ((*rows)[0].message, "needs manage_bills");
  EXPECT_TRUE(access_.ListAudit("other", absl::InfinitePast(), 0)->empty());
  EXPECT_EQ(access_.ListAudit("acme", absl::InfinitePast(), 1001).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tillstream
