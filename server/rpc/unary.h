// The shape of every unary back-office call: authenticate the caller's API
// key, check the RPC's permission and org, then run the work on the worker
// pool and finish with its status.
#ifndef TILLSTREAM_SERVER_RPC_UNARY_H_
#define TILLSTREAM_SERVER_RPC_UNARY_H_

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/domain/identity/api_key.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/access_control.h"

namespace tillstream {

// `rpc` is "Service/Method"; `org_id` is what the request acts on. On the
// pool: the key from `authorization: Bearer <key>` is authenticated
// (UNAUTHENTICATED without one), then the RPC's permission and the key's
// org are checked (PERMISSION_DENIED naming what is missing), then `work`
// runs with the caller. A write RPC runs under a ScopedAudit, so what it
// commits is audited in its own transactions; a refused one is recorded.
grpc::ServerUnaryReactor* RunAuthorizedUnary(
    grpc::CallbackServerContext* ctx, WorkerPool* pool, AccessControl* access,
    const char* service, const char* method, const std::string& org_id,
    const google::protobuf::Message& request,
    std::function<absl::Status(const Principal&)> work);

// The key of `authorization: Bearer <key>`; UNAUTHENTICATED saying how to
// get one when the call carries none.
absl::StatusOr<std::string> BearerOf(const grpc::CallbackServerContext& ctx);

// What RunAuthorizedUnary runs on the pool, for calls of another shape (a
// client-streaming upload): authenticates `bearer`, checks the permission of
// `rpc` ("Service/Method") and the org, applies the guessing limit, and runs
// `work`, audited for a write RPC.
absl::Status ServeAuthorized(AccessControl* access, const std::string& bearer,
                             const std::string& rpc, const std::string& org_id,
                             const google::protobuf::Message& request,
                             const std::function<absl::Status(const Principal&)>& work);

// The org a request acts on: its org_id, or "" for a request without one
// (its RPC's rule then says whose scope it reads: rpc_permissions.h).
template <typename Request>
auto RequestOrg(const Request& r, int) -> decltype(void(r.org_id()), std::string()) {
  return r.org_id();
}
template <typename Request>
std::string RequestOrg(const Request& /*r*/, long) {
  return std::string();
}

// Declares, inside a service class, the callback override of the unary RPC
// `Method` and the handler it runs: the override authorizes the caller and
// queues `Handle<Method>(caller, request, response)` on the worker pool,
// whose status finishes the call. The class defines the handler and has
// `kServiceName`, `pool_` and `access_`; the handler sees who calls, the
// request and its response, never the call.
#define TILLSTREAM_UNARY_RPC(Method, Request, Response)                                  \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx,                     \
                                   const pos::v1::Request* req, pos::v1::Response* resp) \
      override {                                                                         \
    return RunAuthorizedUnary(ctx, pool_, access_, kServiceName, #Method,                \
                              RequestOrg(*req, 0), *req,                                 \
                              [this, req, resp](const Principal& c) {                    \
                                return Handle##Method(c, *req, resp);                    \
                              });                                                        \
  }                                                                                      \
  absl::Status Handle##Method(const Principal& caller, const pos::v1::Request& req,      \
                              pos::v1::Response* resp)

// The usual end of a handler: the use case's answer, when it has one,
// filled into the response by `fill`; its refusal otherwise.
template <typename T, typename Fill>
absl::Status Reply(const absl::StatusOr<T>& answer, Fill&& fill) {
  if (!answer.ok()) return answer.status();
  fill(*answer);
  return absl::OkStatus();
}

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_UNARY_H_
