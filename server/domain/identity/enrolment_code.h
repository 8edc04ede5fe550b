// One-time enrolment codes: what an operator reads out or types into a new
// till (pos-terminal --enrol CODE). Twelve characters of Crockford's base32
// (60 random bits) in groups of four, e.g. 7KQ2-M9XD-4RTA; the back office
// keeps only their SHA-256. Case, spaces and dashes do not matter, and the
// letters people confuse with digits (O, I, L) read as those digits.
#ifndef TILLSTREAM_SERVER_DOMAIN_IDENTITY_ENROLMENT_CODE_H_
#define TILLSTREAM_SERVER_DOMAIN_IDENTITY_ENROLMENT_CODE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tillstream {

struct EnrolmentCode {
  std::string text;    // shown once, to the operator
  std::string sha256;  // stored
};

// How long a code may live: one hour unless asked otherwise, three days at most.
inline constexpr absl::Duration kDefaultEnrolmentTtl = absl::Hours(1);
inline constexpr absl::Duration kMaxEnrolmentTtl = absl::Hours(72);

// A fresh code from the operating system's CSPRNG.
EnrolmentCode NewEnrolmentCode();

// The stored digest of a code as a person typed it; INVALID_ARGUMENT naming
// `field` when it cannot be a code (wrong length or characters).
absl::StatusOr<std::string> EnrolmentCodeDigest(absl::string_view field,
                                                absl::string_view typed);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_IDENTITY_ENROLMENT_CODE_H_
