// How posd's port is secured: TLS with the server certificate and key from
// files, or plaintext only when asked for explicitly.
#ifndef TILLSTREAM_SERVER_RPC_SERVER_CREDENTIALS_H_
#define TILLSTREAM_SERVER_RPC_SERVER_CREDENTIALS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace tillstream {

struct TransportConfig {
  std::string cert_file;  // PEM, the server certificate (chain)
  std::string key_file;   // PEM, its private key
  bool insecure = false;  // plaintext; for a closed test network only
};

// INVALID_ARGUMENT naming what to pass when neither files nor `insecure` are
// given; the file's problem when one cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TransportConfig& config);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_SERVER_CREDENTIALS_H_
