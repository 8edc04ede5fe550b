// The shape of every unary back-office call: check the bearer token, then
// run the work on the worker pool and finish with its status.
#ifndef TILLSTREAM_SERVER_RPC_UNARY_H_
#define TILLSTREAM_SERVER_RPC_UNARY_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/rpc/worker_pool.h"

namespace tillstream {

// An empty `token` disables the check (local development only).
grpc::ServerUnaryReactor* RunAuthorizedUnary(grpc::CallbackServerContext* ctx,
                                             WorkerPool* pool, const std::string& token,
                                             std::function<absl::Status()> work);

// Declares, inside a service class, the callback override of the unary RPC
// `Method` and the handler it runs: the override authenticates the caller and
// queues `Handle<Method>(request, response)` on the worker pool, whose status
// finishes the call. The class defines the handler and has `pool_` and
// `token_`; the handler sees the request and its response, never the call.
#define TILLSTREAM_UNARY_RPC(Method, Request, Response)                                  \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx,                     \
                                   const pos::v1::Request* req, pos::v1::Response* resp) \
      override {                                                                         \
    return RunAuthorizedUnary(ctx, pool_, token_,                                        \
                              [this, req, resp] { return Handle##Method(*req, resp); }); \
  }                                                                                      \
  absl::Status Handle##Method(const pos::v1::Request& req, pos::v1::Response* resp)

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
