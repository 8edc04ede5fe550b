#include "server/rpc/convert/identity.h"

#include "common/validation.h"
#include "server/rpc/convert/wire.h"

namespace tillstream {

// Wire pins: the wire's Role numbers are the stored ones.
static_assert(Same(pos::v1::PLATFORM_ADMIN, Role::kPlatformAdmin) &&
                  Same(pos::v1::ORG_ADMIN, Role::kOrgAdmin) &&
                  Same(pos::v1::OPERATOR, Role::kOperator) &&
                  Same(pos::v1::AUDITOR, Role::kAuditor) &&
                  Same(pos::v1::WEB_PARTNER, Role::kWebPartner) &&
                  Same(pos::v1::PURCHASE_IMPORT, Role::kPurchaseImport) &&
                  Same(pos::v1::CATALOG_MANAGER, Role::kCatalogManager),
              "stored: do not renumber");
static_assert(Same(pos::v1::CASHIER, CashierRole::kCashier) &&
                  Same(pos::v1::SUPERVISOR, CashierRole::kSupervisor),
              "stored: do not renumber");

void ToProtoCashier(const Cashier& c, pos::v1::Cashier* out) {
  out->set_org_id(c.org_id);
  out->set_cashier_id(c.cashier_id);
  out->set_name(c.name);
  out->set_role(static_cast<pos::v1::CashierRole>(static_cast<int>(c.role)));
  out->set_failed_pins(c.failed_pins);
  if (c.locked_until) SetTimestamp(*c.locked_until, out->mutable_locked_until());
}

absl::StatusOr<CashierRole> FromProtoCashierRole(pos::v1::CashierRole role,
                                                 const char* field) {
  if (role != pos::v1::CASHIER && role != pos::v1::SUPERVISOR) {
    return FieldError(field, "must be CASHIER or SUPERVISOR");
  }
  return static_cast<CashierRole>(static_cast<int>(role));
}

void ToProtoApiKey(const ApiKey& key, pos::v1::ApiKey* out) {
  out->set_key_id(key.key_id);
  out->set_org_id(key.org_id);
  out->set_name(key.name);
  out->set_role(static_cast<pos::v1::Role>(static_cast<int>(key.role)));
  SetTimestamp(key.created_at, out->mutable_created_at());
  out->set_created_by(key.created_by);
  if (key.revoked_at) SetTimestamp(*key.revoked_at, out->mutable_revoked_at());
  out->set_revoked_by(key.revoked_by);
}

void ToProtoAuditRow(const AuditEntry& e, pos::v1::AuditRow* out) {
  out->set_audit_id(e.audit_id);
  SetTimestamp(e.at, out->mutable_at());
  out->set_org_id(e.record.org_id);
  out->set_principal(e.record.principal);
  out->set_principal_name(e.record.principal_name);
  out->set_role(e.record.role);
  out->set_rpc(e.record.rpc);
  out->set_target(e.record.target);
  out->set_request_sha256(e.record.request_sha256);
  out->set_outcome(e.outcome);
  out->set_message(e.message);
}

absl::StatusOr<Role> FromProtoRole(pos::v1::Role role, const char* field) {
  const int n = static_cast<int>(role);
  if (n < 1 || n > kRoleCount) {
    return FieldError(field,
                      "must be one of platform_admin, org_admin, operator, auditor, "
                      "web_partner, purchase_import, catalog_manager");
  }
  return static_cast<Role>(n);
}

}  // namespace tillstream
