// Cashier PINs are kept only as argon2id hashes (libsodium's
// crypto_pwhash_str, with OWASP's minimum for argon2id: 2 passes over
// 19 MiB), so a stolen database does not give the PINs away cheaply.
#ifndef TILLSTREAM_COMMON_PIN_HASH_H_
#define TILLSTREAM_COMMON_PIN_HASH_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tillstream {

// The encoded hash (algorithm, parameters, salt and digest in one string).
absl::StatusOr<std::string> HashPin(absl::string_view pin);

// Whether `pin` is the one `hash` was made from (constant time).
bool PinMatches(const std::string& hash, absl::string_view pin);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_PIN_HASH_H_
