#include "client/channel.h"

#include <mutex>

#include "common/file_contents.h"

namespace tillstream {
namespace {

std::mutex credentials_mu;
std::shared_ptr<grpc::ChannelCredentials>& Credentials() {
  static auto* credentials = new std::shared_ptr<grpc::ChannelCredentials>(
      grpc::SslCredentials(grpc::SslCredentialsOptions()));
  return *credentials;
}

}  // namespace

absl::Status SetChannelSecurity(const ChannelSecurity& security) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (security.insecure) {
    credentials = grpc::InsecureChannelCredentials();
  } else {
    grpc::SslCredentialsOptions options;
    if (!security.ca_file.empty()) {
      auto ca = ReadFileContents(security.ca_file, "the CA certificate (--ca_cert)");
      if (!ca.ok()) return ca.status();
      options.pem_root_certs = *ca;
    }
    credentials = grpc::SslCredentials(options);
  }
  std::lock_guard<std::mutex> lock(credentials_mu);
  Credentials() = std::move(credentials);
  return absl::OkStatus();
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 20000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // A connection of its own per channel, as each real till has: without
  // this gRPC shares one connection among identical channels in a process.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  // Reconnect quickly after the server comes back.
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  {
    std::lock_guard<std::mutex> lock(credentials_mu);
    credentials = Credentials();
  }
  return grpc::CreateCustomChannel(target, credentials, args);
}

void SetDeadline(grpc::ClientContext* ctx, std::chrono::milliseconds timeout) {
  ctx->set_deadline(std::chrono::system_clock::now() + timeout);
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

absl::Status FromRequestError(const pos::v1::RequestError& error) {
  return absl::Status(static_cast<absl::StatusCode>(error.code()), error.message());
}

}  // namespace tillstream
