// Helpers shared by the client programs (pos-terminal, posctl, pos-load).
#ifndef TILLSTREAM_TERMINAL_CLIENT_UTIL_H_
#define TILLSTREAM_TERMINAL_CLIENT_UTIL_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "pos/v1/pos.pb.h"

namespace tillstream {

// A channel to posd with keepalive pings every 20 s (posd permits 10 s), so a
// dead store LAN is noticed while a till is idle.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target);

// Sets a deadline `timeout` from now (gRPC 1.51 wants system_clock).
void SetDeadline(grpc::ClientContext* ctx, std::chrono::milliseconds timeout);

absl::Status FromGrpcStatus(const grpc::Status& status);
absl::Status FromRequestError(const pos::v1::RequestError& error);

// "12.34 EUR"
std::string FormatMoneyWithCode(const pos::v1::Money& money);

}  // namespace tillstream

#endif  // TILLSTREAM_TERMINAL_CLIENT_UTIL_H_
