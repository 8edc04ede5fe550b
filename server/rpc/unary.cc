#include "server/rpc/unary.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/domain/identity/audit.h"
#include "server/rpc/audit_target.h"
#include "server/rpc/fingerprint.h"
#include "server/rpc/rpc_permissions.h"
#include "server/rpc/status.h"

namespace tillstream {
namespace {

constexpr char kBearer[] = "Bearer ";

// Runs one authorized call on the pool: who, whether allowed, then the work,
// audited when the RPC writes.
absl::Status Serve(AccessControl* access, const std::string& bearer,
                   const std::string& rpc, const std::string& org_id,
                   const google::protobuf::Message& request,
                   const std::function<absl::Status(const Principal&)>& work) {
  auto caller = access->Authenticate(bearer);
  if (!caller.ok()) return caller.status();
  const std::optional<RpcRule> rule = RuleFor(rpc);
  if (!rule) {
    return absl::PermissionDeniedError(
        absl::StrCat(rpc, " has no permission defined: refused to every key"));
  }
  absl::Status allowed = CheckAllowed(*caller, rule->permission, org_id, rpc);
  if (!rule->writes) return allowed.ok() ? work(*caller) : allowed;
  AuditRecord record{
      caller->key_id, caller->name,         RoleName(caller->role),     rpc,
      org_id,         AuditTarget(request), ContentFingerprint(request)};
  absl::Status status = allowed;
  if (status.ok()) {
    ScopedAudit audit(&record);
    status = work(*caller);
  }
  if (!status.ok()) {
    if (auto recorded = access->RecordRefusal(record, status); !recorded.ok()) {
      spdlog::warn("audit: could not record a refused {}: {}", rpc, recorded.ToString());
    }
  }
  return status;
}

}  // namespace

grpc::ServerUnaryReactor* RunAuthorizedUnary(
    grpc::CallbackServerContext* ctx, WorkerPool* pool, AccessControl* access,
    const char* service, const char* method, const std::string& org_id,
    const google::protobuf::Message& request,
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
  // The request outlives the queued work: gRPC keeps it until Finish.
  if (!pool->Submit([reactor, access, bearer = std::move(bearer), rpc = std::move(rpc),
                     org_id, &request, work = std::move(work)] {
        reactor->Finish(ToGrpcStatus(Serve(access, bearer, rpc, org_id, request, work)));
      })) {
    reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                 "the server is overloaded or shutting down; retry"));
  }
  return reactor;
}

}  // namespace tillstream
