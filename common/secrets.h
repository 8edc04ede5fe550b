// Secrets handed out by the back office (API keys, enrolment codes): drawn
// from the operating system's CSPRNG, compared in constant time.
#ifndef TILLSTREAM_COMMON_SECRETS_H_
#define TILLSTREAM_COMMON_SECRETS_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace tillstream {

// `bytes` random bytes as 2 * bytes lower-case hex characters. Aborts when
// the CSPRNG fails: a predictable secret must never be handed out.
std::string RandomHex(size_t bytes);

// Equal bytes, in time that depends only on the lengths.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_SECRETS_H_
