#include "server/domain/identity/api_key.h"

#include <gtest/gtest.h>

#include <set>

#include "common/validation.h"

namespace tillstream {
namespace {

ApiKey Key(Role role, const std::string& org) {
  ApiKey k;
  k.name = "test";
  k.role = role;
  k.org_id = org;
  return k;
}

TEST(ApiKeyTest, ANewKeyParsesBackAndOnlyItsSecretMatches) {
  const NewKey made = MakeNewKey(Key(Role::kOperator, "acme"), "r1");
  auto parts = ParseKey(made.text);
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->key_id, made.stored.key.key_id);
  EXPECT_TRUE(SecretMatches(made.stored, parts->secret));
  std::string other = parts->secret;
  other[0] = other[0] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(SecretMatches(made.stored, other));
  // What is stored never contains the secret.
  EXPECT_EQ(made.stored.secret_sha256.find(parts->secret), std::string::npos);
  EXPECT_NE(made.stored.secret_sha256, parts->secret);
}

TEST(ApiKeyTest, KeysAreRandom) {
  std::set<std::string> texts, ids;
  for (int i = 0; i < 200; ++i) {
    const NewKey made = MakeNewKey(Key(Role::kAuditor, "acme"), "");
    texts.insert(made.text);
    ids.insert(made.stored.key.key_id);
  }
  EXPECT_EQ(texts.size(), 200u);
  EXPECT_EQ(ids.size(), 200u);
}

TEST(ApiKeyTest, MalformedKeysAreUnauthenticatedWithoutEchoingThem) {
  const std::string good = MakeNewKey(Key(Role::kAuditor, "a"), "").text;
  for (const std::string& bad :
       {std::string(""), std::string("secret-token"), "tsk_" + good.substr(4, 16),
        "xyz" + good.substr(3), good + "0", good.substr(0, good.size() - 1) + "G"}) {
    auto parsed = ParseKey(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kUnauthenticated);
    if (!bad.empty()) {
      EXPECT_EQ(parsed.status().message().find(bad), std::string::npos);
    }
  }
}

TEST(ApiKeyTest, ScopeMustFitTheRole) {
  EXPECT_TRUE(CheckNewKey(Key(Role::kPlatformAdmin, "")).ok());
  EXPECT_EQ(BlamedField(CheckNewKey(Key(Role::kPlatformAdmin, "acme"))), "org_id");
  EXPECT_EQ(BlamedField(CheckNewKey(Key(Role::kWebPartner, ""))), "org_id");
  EXPECT_EQ(BlamedField(CheckNewKey(Key(Role::kWebPartner, "bad org!"))), "org_id");
  ApiKey unnamed = Key(Role::kOperator, "acme");
  unnamed.name = "";
  EXPECT_EQ(BlamedField(CheckNewKey(unnamed)), "name");
}

TEST(ApiKeyTest, CheckAllowedNamesTheMissingPermissionOrOrg) {
  const Principal web{"k1", "web shop", Role::kWebPartner, "acme"};
  EXPECT_TRUE(
      CheckAllowed(web, Permission::kWebInvoices, "acme", "InvoiceService/X").ok());
  const absl::Status perm =
      CheckAllowed(web, Permission::kReadBills, "acme", "Admin/GetBill");
  EXPECT_EQ(perm.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(perm.message().find("read_bills"), std::string::npos);
  EXPECT_NE(perm.message().find("web shop"), std::string::npos);
  const absl::Status org = CheckAllowed(web, Permission::kWebInvoices, "other", "I/X");
  EXPECT_EQ(org.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(org.message().find("org other"), std::string::npos);
  EXPECT_FALSE(CheckAllowed(web, Permission::kWebInvoices, "", "I/X").ok());
  const Principal root{"k0", "root", Role::kPlatformAdmin, ""};
  EXPECT_TRUE(CheckAllowed(root, Permission::kCreateOrgs, "any", "A/CreateOrg").ok());
  EXPECT_TRUE(CheckAllowed(root, Permission::kManageKeys, "", "I/CreateApiKey").ok());
}

}  // namespace
}  // namespace tillstream
