// posctl's connection to AdminService: one stub, the operator's token and a
// deadline on every call.
#ifndef TILLSTREAM_TOOLS_POSCTL_ADMIN_H_
#define TILLSTREAM_TOOLS_POSCTL_ADMIN_H_

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pos/v1/pos.grpc.pb.h"
#include "terminal/client_util.h"

ABSL_DECLARE_FLAG(std::string, server);
ABSL_DECLARE_FLAG(std::string, admin_token);
ABSL_DECLARE_FLAG(int, timeout_ms);

namespace tillstream {

class Admin {
 public:
  Admin()
      : stub_(pos::v1::AdminService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)))) {}

  // Runs one RPC with deadline and token; prints the error and returns false
  // when it fails.
  template <typename Req, typename Resp, typename Method>
  bool Call(Method method, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
    const std::string token = absl::GetFlag(FLAGS_admin_token);
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    const grpc::Status status = (stub_.get()->*method)(&ctx, req, resp);
    if (!status.ok()) {
      std::cerr << "posctl: " << absl::StatusCodeToString(FromGrpcStatus(status).code())
                << ": " << status.error_message() << "\n";
      return false;
    }
    return true;
  }

 private:
  std::unique_ptr<pos::v1::AdminService::Stub> stub_;
};

// Loyalty commands (posctl_loyalty.cc): true when `a[0]` is one of them,
// with its exit code in *rc.
bool RunLoyaltyCommand(Admin& admin, const std::vector<std::string>& a, int* rc);
extern const char kLoyaltyUsage[];

}  // namespace tillstream

#endif  // TILLSTREAM_TOOLS_POSCTL_ADMIN_H_
