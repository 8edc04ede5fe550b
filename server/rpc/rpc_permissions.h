// The one table of what every back-office RPC needs: its permission, by
// "Service/Method". An RPC missing here is refused to everyone (the matrix
// test walks every method of every service, so none goes missing).
#ifndef TILLSTREAM_SERVER_RPC_RPC_PERMISSIONS_H_
#define TILLSTREAM_SERVER_RPC_RPC_PERMISSIONS_H_

#include <map>
#include <optional>
#include <string>

#include "server/domain/identity/roles.h"

namespace tillstream {

const std::map<std::string, Permission>& RpcPermissions();
std::optional<Permission> PermissionFor(const std::string& rpc);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_RPC_PERMISSIONS_H_
