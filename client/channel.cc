#include "client/channel.h"

#include <mutex>

#include "common/file_contents.h"

namespace tillstream {
namespace {

// What SetChannelSecurity was given, the CA read in.
struct Trust {
  bool insecure = false;
  std::string ca_pem;  // empty: the system's roots
};

std::mutex trust_mu;
Trust& CurrentTrust() {
  static auto* trust = new Trust();
  return *trust;
}

std::shared_ptr<grpc::ChannelCredentials> Credentials(const TillCredential& till) {
  Trust trust;
  {
    std::lock_guard<std::mutex> lock(trust_mu);
    trust = CurrentTrust();
  }
  if (trust.insecure) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = trust.ca_pem;
  options.pem_cert_chain = till.cert_pem;
  options.pem_private_key = till.key_pem;
  return grpc::SslCredentials(options);
}

}  // namespace

absl::Status SetChannelSecurity(const ChannelSecurity& security) {
  Trust trust;
  trust.insecure = security.insecure;
  if (!security.insecure && !security.ca_file.empty()) {
    auto ca = ReadFileContents(security.ca_file, "the CA certificate (--ca_cert)");
    if (!ca.ok()) return ca.status();
    trust.ca_pem = *ca;
  }
  std::lock_guard<std::mutex> lock(trust_mu);
  CurrentTrust() = std::move(trust);
  return absl::OkStatus();
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target,
                                           const TillCredential& till) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 20000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // Keep pinging on an idle stream (gRPC stops after 2 pings without data),
  // so a dead LAN is noticed at the quiet hour too. posd accepts a ping
  // every 10 s, so these are never answered with GOAWAY "too many pings".
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  // A connection of its own per channel, as each real till has: without
  // this gRPC shares one connection among identical channels in a process.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  // Reconnect quickly after the server comes back.
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(target, Credentials(till), args);
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
