// API keys, roles and cashiers on the wire.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_IDENTITY_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_IDENTITY_H_

#include "absl/status/statusor.h"
#include "pos/v1/identity.pb.h"
#include "server/domain/identity/api_key.h"
#include "server/domain/identity/audit.h"
#include "server/domain/staff/cashier.h"

namespace tillstream {

void ToProtoApiKey(const ApiKey& key, pos::v1::ApiKey* out);
void ToProtoAuditRow(const AuditEntry& entry, pos::v1::AuditRow* out);
// INVALID_ARGUMENT naming `field` for an unset or unknown role.
absl::StatusOr<Role> FromProtoRole(pos::v1::Role role, const char* field);

void ToProtoCashier(const Cashier& cashier, pos::v1::Cashier* out);
absl::StatusOr<CashierRole> FromProtoCashierRole(pos::v1::CashierRole role,
                                                 const char* field);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_IDENTITY_H_
