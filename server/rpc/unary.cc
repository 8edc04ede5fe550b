#include "server/rpc/unary.h"

#include <openssl/crypto.h>

#include <utility>

#include "server/rpc/status.h"

namespace tillstream {
namespace {

// Constant-time comparison, so the token cannot be guessed byte by byte.
bool TokenMatches(const std::string& expected, grpc::string_ref header) {
  const std::string want = "Bearer " + expected;
  return header.size() == want.size() &&
         CRYPTO_memcmp(header.data(), want.data(), want.size()) == 0;
}

}  // namespace

grpc::ServerUnaryReactor* RunAuthorizedUnary(grpc::CallbackServerContext* ctx,
                                             WorkerPool* pool, const std::string& token,
                                             std::function<absl::Status()> work) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  if (!token.empty()) {
    const auto& md = ctx->client_metadata();
    const auto it = md.find("authorization");
    if (it == md.end()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                                   "this call needs 'authorization: Bearer <token>' "
                                   "metadata (posctl --admin_token)"));
      return reactor;
    }
    if (!TokenMatches(token, it->second)) {
      reactor->Finish(grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                                   "the token is not valid for this server"));
      return reactor;
    }
  }
  if (!pool->Submit(
          [reactor, work = std::move(work)] { reactor->Finish(ToGrpcStatus(work())); })) {
    reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                 "the server is overloaded or shutting down; retry"));
  }
  return reactor;
}

}  // namespace tillstream
