// How posd's port is secured: TLS with the server certificate and key from
// files, asking clients for a certificate (tills present the one the till CA
// signed at enrolment; tools and web partners present none and use keys),
// or plaintext only when asked for explicitly.
#ifndef TILLSTREAM_SERVER_RPC_SERVER_CREDENTIALS_H_
#define TILLSTREAM_SERVER_RPC_SERVER_CREDENTIALS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/domain/identity/till_certificate.h"

namespace tillstream {

struct TransportConfig {
  std::string cert_file;          // PEM, the server certificate (chain)
  std::string key_file;           // PEM, its private key
  std::string till_ca_cert_file;  // PEM, the CA that signs tills' certificates
  std::string till_ca_key_file;   // PEM, its private key (posd signs at enrolment)
  bool insecure = false;          // plaintext; for a closed test network only
};

struct ServerTransport {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::optional<TillCa> till_ca;  // none when plaintext
};

// INVALID_ARGUMENT naming what to pass when neither files nor `insecure` are
// given; the file's problem when one cannot be read or a key does not match
// its certificate.
absl::StatusOr<ServerTransport> MakeServerTransport(const TransportConfig& config);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_SERVER_CREDENTIALS_H_
