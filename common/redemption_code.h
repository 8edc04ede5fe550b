// Redemption codes: what a web shop hands a buyer to type in later.
//
// A code is 17 random characters from a 31-letter alphabet without look-alikes
// (no 0/O, 1/I/L) - 84 bits from the kernel's CSPRNG - and one check character.
// The alphabet size is prime and the check is a position-weighted sum mod 31, so
// any single mistyped character and any swap of two neighbours is caught before
// the code reaches the database. Shown as three groups of six: "ABCDEF-GHJKMN-PQRST2".
#ifndef TILLSTREAM_COMMON_REDEMPTION_CODE_H_
#define TILLSTREAM_COMMON_REDEMPTION_CODE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tillstream {

inline constexpr absl::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr int kCodeRandomChars = 17;
inline constexpr int kCodeLength = kCodeRandomChars + 1;

// A fresh code in display form (with dashes). UNAVAILABLE if the kernel's
// random source fails.
absl::StatusOr<std::string> NewRedemptionCode();

// The check character for `body` (characters of kCodeAlphabet only).
char CodeCheckCharacter(absl::string_view body);

// Reads what a person typed: case, spaces and dashes do not matter. Answers
// the display form, or INVALID_ARGUMENT saying whether the length, a
// character or the check character is wrong (`field` names the request field).
absl::StatusOr<std::string> ParseRedemptionCode(absl::string_view typed,
                                                absl::string_view field);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_REDEMPTION_CODE_H_
