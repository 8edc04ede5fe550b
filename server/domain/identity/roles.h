// Who may do what: the roles a key is given and the permissions they grant.
// Every RPC names the one permission it needs (server/rpc/rpc_permissions.cc).
#ifndef TILLSTREAM_SERVER_DOMAIN_IDENTITY_ROLES_H_
#define TILLSTREAM_SERVER_DOMAIN_IDENTITY_ROLES_H_

#include <optional>
#include <string>

namespace tillstream {

// Stored in api_keys.role and sent on the wire: do not renumber.
enum class Role {
  kPlatformAdmin = 1,   // every org, and creating orgs; platform-wide only
  kOrgAdmin = 2,        // everything within one org: stores, tills, keys, settings
  kOperator = 3,        // the day-to-day back office of one org
  kAuditor = 4,         // reads one org's bills, settings, customers and audit trail
  kWebPartner = 5,      // a web shop: InvoiceService of one org
  kPurchaseImport = 6,  // another system recording purchases (RecordPurchase only)
  kCatalogManager = 7,  // loads one org's catalog
};
static_assert(static_cast<int>(Role::kPlatformAdmin) == 1 &&
                  static_cast<int>(Role::kCatalogManager) == 7,
              "stored: do not renumber");
constexpr int kRoleCount = 7;

enum class Permission {
  kCreateOrgs = 1,   // CreateOrg
  kManageStores,     // stores and tills
  kManageCatalog,    // UpsertItems
  kReadBills,        // bills and day summaries
  kManageBills,      // deleting and tagging bills
  kReadSettings,     // billing rules, loyalty and invoice settings
  kManageSettings,   // changing them
  kReadCustomers,    // profiles, points, ledgers, coupon checks
  kManageCustomers,  // enrolling and updating customers
  kManageLoyalty,    // adjusting and expiring points, coupons
  kWebInvoices,      // InvoiceService
  kRecordPurchases,  // RecordPurchase
  kReadPurchases,    // GetPurchase
  kManageKeys,       // API keys of the org (or the platform)
  kReadAudit,        // the audit trail
  kManageCashiers,   // cashiers' PINs and roles, unlocking them
  kReadStores,       // accounts, store configurations and their status, catalogs
};
constexpr int kPermissionCount = 17;

const char* RoleName(Role role);              // "org_admin"
const char* PermissionName(Permission perm);  // "manage_keys"
std::optional<Role> ParseRole(const std::string& name);

bool RoleGrants(Role role, Permission permission);

// Platform admins are platform-wide; every other role belongs to one org.
inline bool RoleIsPlatformWide(Role role) { return role == Role::kPlatformAdmin; }

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_IDENTITY_ROLES_H_
