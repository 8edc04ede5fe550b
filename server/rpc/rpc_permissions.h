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

struct RpcRule {
  Permission permission;
  bool writes;  // audited: every write and every refused attempt leaves a row
  // Looks up by a code or identifier a caller could guess: the key's
  // NOT_FOUND answers count towards its guessing limit.
  bool guessable = false;
  // Acts within the caller's own scope (its org, or the platform), whatever
  // the request names: the answer itself is limited to what the key sees.
  bool own_scope = false;
};

const std::map<std::string, RpcRule>& RpcPermissions();
std::optional<RpcRule> RuleFor(const std::string& rpc);
inline std::optional<Permission> PermissionFor(const std::string& rpc) {
  auto rule = RuleFor(rpc);
  if (!rule) return std::nullopt;
  return rule->permission;
}

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_RPC_PERMISSIONS_H_
