#include "server/domain/identity/roles.h"

#include <initializer_list>

#include "common/enum_names.h"

namespace tillstream {
namespace {

using P = Permission;

bool Among(Permission p, std::initializer_list<Permission> set) {
  for (Permission q : set) {
    if (q == p) return true;
  }
  return false;
}

}  // namespace

const char* RoleName(Role role) {
  return EnumName(role, {"platform_admin", "org_admin", "operator", "auditor",
                         "web_partner", "purchase_import", "catalog_manager"});
}

const char* PermissionName(Permission perm) {
  return EnumName(perm, {"create_orgs", "manage_stores", "manage_catalog", "read_bills",
                         "manage_bills", "read_settings", "manage_settings",
                         "read_customers", "manage_customers", "manage_loyalty",
                         "web_invoices", "record_purchases", "read_purchases",
                         "manage_keys", "read_audit", "manage_cashiers", "read_stores"});
}

std::optional<Role> ParseRole(const std::string& name) {
  for (int i = 1; i <= kRoleCount; ++i) {
    if (name == RoleName(static_cast<Role>(i))) return static_cast<Role>(i);
  }
  return std::nullopt;
}

bool RoleGrants(Role role, Permission p) {
  switch (role) {
    case Role::kPlatformAdmin:
      return true;
    case Role::kOrgAdmin:
      return p != P::kCreateOrgs;
    case Role::kOperator:
      return Among(p, {P::kReadBills, P::kManageBills, P::kReadSettings,
                       P::kReadCustomers, P::kManageCustomers, P::kManageLoyalty,
                       P::kReadPurchases, P::kManageCashiers, P::kReadStores});
    case Role::kAuditor:
      return Among(p, {P::kReadBills, P::kReadSettings, P::kReadCustomers,
                       P::kReadPurchases, P::kReadAudit, P::kReadStores});
    case Role::kWebPartner:
      // A web shop picks the location an order is for.
      return Among(p, {P::kWebInvoices, P::kReadStores});
    case Role::kPurchaseImport:
      return p == P::kRecordPurchases;
    case Role::kCatalogManager:
      return Among(p, {P::kManageCatalog, P::kReadStores});
  }
  return false;
}

}  // namespace tillstream
