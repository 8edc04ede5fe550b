#include "client/security_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "client/channel.h"
#include "common/env.h"

ABSL_FLAG(std::string, ca_cert, tillstream::EnvOr("POS_CA_CERT", ""),
          "PEM file of the CA that signed posd's certificate, e.g. the ca.crt of "
          "deploy/make-certs.sh; empty: the system's roots (env POS_CA_CERT)");
ABSL_FLAG(bool, insecure, tillstream::EnvOr("POS_INSECURE", "") == "1",
          "talk plaintext, to a posd run with --insecure (env POS_INSECURE=1)");

namespace tillstream {

absl::Status ApplySecurityFlags() {
  return SetChannelSecurity(
      ChannelSecurity{absl::GetFlag(FLAGS_ca_cert), absl::GetFlag(FLAGS_insecure)});
}

bool PlaintextFromFlags() { return absl::GetFlag(FLAGS_insecure); }

}  // namespace tillstream
