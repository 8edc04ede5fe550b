// The transport flags every client program takes (--ca_cert, --insecure),
// applied once at start.
#ifndef TILLSTREAM_CLIENT_SECURITY_FLAGS_H_
#define TILLSTREAM_CLIENT_SECURITY_FLAGS_H_

#include "absl/status/status.h"

namespace tillstream {

// SetChannelSecurity from the flags; call after parsing the command line.
absl::Status ApplySecurityFlags();

// --insecure: plaintext, so tills cannot present certificates.
bool PlaintextFromFlags();

}  // namespace tillstream

#endif  // TILLSTREAM_CLIENT_SECURITY_FLAGS_H_
