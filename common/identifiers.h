// Normalised customer identifiers, so that the same person typed two ways is
// one customer: mobiles in E.164, emails trimmed and lower-cased.
#ifndef TILLSTREAM_COMMON_IDENTIFIERS_H_
#define TILLSTREAM_COMMON_IDENTIFIERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tillstream {

// "+49 151 1234-5678", "0049151...", "0151 12345678" (with default country
// code "49") -> "+4915112345678". Spaces, '-', '.', '/', '(' and ')' are
// ignored. A national number (no '+' or '00') needs the default country
// code; its one leading trunk '0' is dropped. 8 to 15 digits in all.
// INVALID_ARGUMENT names `field`.
absl::StatusOr<std::string> NormalizeMobile(absl::string_view field,
                                            absl::string_view input,
                                            absl::string_view default_country_code);

// Trimmed and lower-cased; one '@', a non-empty local part (at most 64) and
// a dotted domain; no spaces or control characters; at most 254 in all.
absl::StatusOr<std::string> NormalizeEmail(absl::string_view field,
                                           absl::string_view input);

// Trimmed; 1..64 bytes of printable text without control characters. Case
// is kept: the other system's ids may be case-sensitive.
absl::StatusOr<std::string> NormalizeExternalId(absl::string_view field,
                                                absl::string_view input);

// Spaces and '-' dropped, letters upper-cased; then 4..32 of [A-Z0-9]:
// "1234 5678-90ab" -> "1234567890AB".
absl::StatusOr<std::string> NormalizeCardNumber(absl::string_view field,
                                                absl::string_view input);

// A country calling code: 1 to 3 digits, not starting with 0; "" is allowed
// (then only international numbers are accepted).
bool IsCountryCallingCode(absl::string_view code);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_IDENTIFIERS_H_
