#include "server/rpc/unary.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/domain/identity/audit.h"
#include "server/rpc/audit_target.h"
#include "server/rpc/rpc_permissions.h"
#include "server/rpc/status.h"

namespace tillstream {
namespace {

constexpr char kBearer[] = "Bearer ";

// The work of an authorized caller; for a write RPC under a ScopedAudit, its
// refusal recorded.
absl::Status Audited(AccessControl* access, const Principal& caller, const RpcRule& rule,
                     const std::string& rpc, const std::string& org_id,
                     const google::protobuf::Message& request,
                     const std::function<absl::Status(const Principal&)>& work) {
  if (!rule.writes) return work(caller);
  const AuditRecord record{
      caller.key_id, caller.name,          RoleName(caller.role), rpc,
      org_id,        AuditTarget(request), AuditDigest(request)};
  absl::Status status;
  {
    ScopedAudit audit(&record);
    status = work(caller);
  }
  if (!status.ok()) {
    if (auto recorded = access->RecordRefusal(record, status); !recorded.ok()) {
      spdlog::warn("audit: could not record a refused {}: {}", rpc, recorded.ToString());
    }
  }
  return status;
}

}  // namespace

absl::StatusOr<std::string> BearerOf(const grpc::CallbackServerContext& ctx) {
  const auto& md = ctx.client_metadata();
  const auto it = md.find("authorization");
  const absl::string_view header =
      it == md.end() ? absl::string_view()
                     : absl::string_view(it->second.data(), it->second.size());
  if (!absl::StartsWith(header, kBearer)) {
    return absl::UnauthenticatedError(
        "this call needs an API key: metadata 'authorization: Bearer tsk_...' "
        "(posctl --api_key or POS_API_KEY; keys come from posctl create-key)");
  }
  return std::string(header.substr(sizeof(kBearer) - 1));
}

absl::Status ServeAuthorized(AccessControl* access, const std::string& bearer,
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
  const absl::Status allowed = CheckAllowed(
      *caller, rule->permission, rule->own_scope ? caller->org_id : org_id, rpc);
  // A refusal here, like one by the guessing limit or the work, is audited
  // for a write RPC.
  const auto authorized = [&](const Principal& c) -> absl::Status {
    if (!allowed.ok()) return allowed;
    if (!rule->guessable || access->guesses() == nullptr) return work(c);
    return access->guesses()->Guarded("key:" + c.key_id, [&] { return work(c); });
  };
  return Audited(access, *caller, *rule, rpc, org_id, request, authorized);
}

grpc::ServerUnaryReactor* RunAuthorizedUnary(
    grpc::CallbackServerContext* ctx, WorkerPool* pool, AccessControl* access,
    const char* service, const char* method, const std::string& org_id,
    const google::protobuf::Message& request,
    std::function<absl::Status(const Principal&)> work) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  auto token = BearerOf(*ctx);
  if (!token.ok()) {
    reactor->Finish(ToGrpcStatus(token.status()));
    return reactor;
  }
  std::string bearer = *std::move(token);
  std::string rpc = absl::StrCat(service, "/", method);
  // The request outlives the queued work: gRPC keeps it until Finish.
  if (!pool->Submit([reactor, access, bearer = std::move(bearer), rpc = std::move(rpc),
                     org_id, &request, work = std::move(work)] {
        reactor->Finish(
            ToGrpcStatus(ServeAuthorized(access, bearer, rpc, org_id, request, work)));
      })) {
    reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                 "the server is overloaded or shutting down; retry"));
  }
  return reactor;
}

}  // namespace tillstream
