// Content fingerprints for idempotency checks.
#ifndef TILLSTREAM_COMMON_DIGEST_H_
#define TILLSTREAM_COMMON_DIGEST_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tillstream {

// SHA-256 of the bytes, as 64 lower-case hex characters.
std::string Sha256Hex(absl::string_view bytes);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_DIGEST_H_
