// The client programs' gRPC plumbing (pos-terminal, posctl, pos-load,
// web-load): channels, deadlines, statuses.
#ifndef TILLSTREAM_CLIENT_CHANNEL_H_
#define TILLSTREAM_CLIENT_CHANNEL_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "pos/v1/pos.pb.h"

namespace tillstream {

// How the client programs check that they talk to posd: TLS against the CA
// that signed posd's certificate (the system's roots when none is given), or
// plaintext only when asked for explicitly.
struct ChannelSecurity {
  std::string ca_file;    // PEM, e.g. the ca.crt of deploy/make-certs.sh
  bool insecure = false;  // plaintext, against a posd run with --insecure
};

// Sets the security of every channel this process makes from now on;
// the CA file's problem when it cannot be read. Until it is called,
// channels use TLS with the system's roots.
absl::Status SetChannelSecurity(const ChannelSecurity& security);

// What an enrolled till presents: its certificate and private key, PEM.
struct TillCredential {
  std::string cert_pem;
  std::string key_pem;
  bool empty() const { return cert_pem.empty(); }
};

// A channel to posd with keepalive pings every 20 s (posd permits 10 s), so a
// dead store LAN is noticed while a till is idle. With `till`, the channel
// presents the till's certificate (over TLS; a plaintext channel cannot).
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target,
                                           const TillCredential& till = {});

// Sets a deadline `timeout` from now (gRPC 1.51 wants system_clock).
void SetDeadline(grpc::ClientContext* ctx, std::chrono::milliseconds timeout);

absl::Status FromGrpcStatus(const grpc::Status& status);
absl::Status FromRequestError(const pos::v1::RequestError& error);

}  // namespace tillstream

#endif  // TILLSTREAM_CLIENT_CHANNEL_H_
