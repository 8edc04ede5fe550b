#include "server/domain/identity/roles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace tillstream {
namespace {

Permission P(int n) { return static_cast<Permission>(n); }

TEST(RolesTest, NamesRoundTripAndUnknownNamesAreRefused) {
  for (int r = 1; r <= kRoleCount; ++r) {
    const Role role = static_cast<Role>(r);
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_EQ(ParseRole("root"), std::nullopt);
  EXPECT_EQ(ParseRole(""), std::nullopt);
  for (int p = 1; p <= kPermissionCount; ++p) EXPECT_STRNE(PermissionName(P(p)), "?");
}

TEST(RolesTest, PlatformAdminHoldsEverythingAndOnlyItCreatesOrgs) {
  for (int p = 1; p <= kPermissionCount; ++p) {
    EXPECT_TRUE(RoleGrants(Role::kPlatformAdmin, P(p))) << PermissionName(P(p));
  }
  for (int r = 2; r <= kRoleCount; ++r) {
    EXPECT_FALSE(RoleGrants(static_cast<Role>(r), Permission::kCreateOrgs));
  }
  EXPECT_TRUE(RoleIsPlatformWide(Role::kPlatformAdmin));
  EXPECT_FALSE(RoleIsPlatformWide(Role::kOrgAdmin));
}

TEST(RolesTest, NarrowRolesHoldExactlyTheirPermissions) {
  // A web shop and a catalog manager also read the store list: which
  // location an order is for, which store a catalog goes to.
  const std::pair<Role, std::vector<Permission>> narrow[] = {
      {Role::kWebPartner, {Permission::kWebInvoices, Permission::kReadStores}},
      {Role::kPurchaseImport, {Permission::kRecordPurchases}},
      {Role::kCatalogManager, {Permission::kManageCatalog, Permission::kReadStores}}};
  for (const auto& [role, only] : narrow) {
    for (int p = 1; p <= kPermissionCount; ++p) {
      const bool listed = std::find(only.begin(), only.end(), P(p)) != only.end();
      EXPECT_EQ(RoleGrants(role, P(p)), listed)
          << RoleName(role) << " " << PermissionName(P(p));
    }
  }
}

TEST(RolesTest, AnAuditorOnlyReadsAndAnOperatorManagesNoKeysOrSettings) {
  for (Permission write : {Permission::kManageStores, Permission::kManageCatalog,
                           Permission::kManageBills, Permission::kManageSettings,
                           Permission::kManageCustomers, Permission::kManageLoyalty,
                           Permission::kManageKeys, Permission::kRecordPurchases}) {
    EXPECT_FALSE(RoleGrants(Role::kAuditor, write)) << PermissionName(write);
  }
  EXPECT_TRUE(RoleGrants(Role::kAuditor, Permission::kReadAudit));
  EXPECT_TRUE(RoleGrants(Role::kOperator, Permission::kManageBills));
  EXPECT_FALSE(RoleGrants(Role::kOperator, Permission::kManageKeys));
  EXPECT_FALSE(RoleGrants(Role::kOperator, Permission::kManageSettings));
  EXPECT_TRUE(RoleGrants(Role::kOrgAdmin, Permission::kManageKeys));
}

}  // namespace
}  // namespace tillstream
