#include "common/pin_hash.h"

#include <sodium.h>

namespace tillstream {
namespace {

constexpr unsigned long long kOps = 2;
constexpr size_t kMemory = 19u << 20;

bool Ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

absl::StatusOr<std::string> HashPin(absl::string_view pin) {
  if (!Ready()) return absl::InternalError("libsodium could not start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), kOps, kMemory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("not enough memory to hash the PIN; retry");
  }
  return std::string(out);
}

bool PinMatches(const std::string& hash, absl::string_view pin) {
  if (!Ready()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace tillstream
