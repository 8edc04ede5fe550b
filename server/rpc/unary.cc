#include "server/rpc/unary.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/rpc/rpc_permissions.h"
#include "server/rpc/status.h"

namespace tillstream {
namespace {

constexpr char kBearer[] = "Bearer ";

absl::Status Authorize(AccessControl* access, const std::string& bearer,
                       const std::string& rpc, const std::string& org_id,
                       Principal* caller) {
  auto principal = access->Authenticate(bearer);
  if (!principal.ok()) return principal.status();
  const std::optional<Permission> permission = PermissionFor(rpc);
  if (!permission) {
    return absl::PermissionDeniedError(
        absl::StrCat(rpc, " has no permission defined: refused to every key"));
  }
  if (auto s = CheckAllowed(*principal, *permission, org_id, rpc); !s.ok()) return s;
  *caller = *std::move(principal);
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* RunAuthorizedUnary(
    grpc::CallbackServerContext* ctx, WorkerPool* pool, AccessControl* access,
    const char* service, const char* method, const std::string& org_id,
    std::function<absl::Status(const Principal&)> work) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const auto& md = ctx->client_metadata();
  const auto it = md.find("authorization");
  const absl::string_view header =
      it == md.end() ? absl::string_view()
                     : absl::string_view(it->second.data(), it->second.size());
  if (!absl::StartsWith(header, kBearer)) {
    reactor->Finish(grpc::Status(
        grpc::StatusCode::UNAUTHENTICATED,
        "this call needs an API key: metadata 'authorization: Bearer tsk_...' "
        "(posctl --api_key or POS_API_KEY; keys come from posctl create-key)"));
    return reactor;
  }
  std::string bearer(header.substr(sizeof(kBearer) - 1));
  std::string rpc = absl::StrCat(service, "/", method);
  if (!pool->Submit([reactor, access, bearer = std::move(bearer), rpc = std::move(rpc),
                     org_id, work = std::move(work)] {
        Principal caller;
        absl::Status status = Authorize(access, bearer, rpc, org_id, &caller);
        if (status.ok()) status = work(caller);
        reactor->Finish(ToGrpcStatus(status));
      })) {
    reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                 "the server is overloaded or shutting down; retry"));
  }
  return reactor;
}

}  // namespace tillstream
