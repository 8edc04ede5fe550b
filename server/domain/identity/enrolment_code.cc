#include "server/domain/identity/enrolment_code.h"

#include "absl/strings/ascii.h"
#include "common/digest.h"
#include "common/secrets.h"
#include "common/validation.h"

namespace tillstream {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford
constexpr int kCodeLength = 12;
constexpr int kGroup = 4;

// The canonical character for what was typed, or 0 when it cannot be one.
char Canonical(char c) {
  c = absl::ascii_toupper(static_cast<unsigned char>(c));
  if (c == 'O') return '0';
  if (c == 'I' || c == 'L') return '1';
  for (const char* a = kAlphabet; *a != '\0'; ++a) {
    if (*a == c) return c;
  }
  return 0;
}

}  // namespace

EnrolmentCode NewEnrolmentCode() {
  // 16 hex digits = 64 random bits; 5 bits per character.
  const std::string hex = RandomHex(8);
  uint64_t bits = std::stoull(hex, nullptr, 16);
  std::string canonical;
  for (int i = 0; i < kCodeLength; ++i) {
    canonical += kAlphabet[bits & 31];
    bits >>= 5;
  }
  std::string text;
  for (int i = 0; i < kCodeLength; ++i) {
    if (i > 0 && i % kGroup == 0) text += '-';
    text += canonical[i];
  }
  return EnrolmentCode{text, Sha256Hex(canonical)};
}

absl::StatusOr<std::string> EnrolmentCodeDigest(absl::string_view field,
                                                absl::string_view typed) {
  std::string canonical;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    const char k = Canonical(c);
    if (k == 0 || canonical.size() == kCodeLength) {
      canonical.clear();
      break;
    }
    canonical += k;
  }
  if (canonical.size() != kCodeLength) {
    return FieldError(field,
                      "is not an enrolment code: it has 12 letters and digits, e.g. "
                      "7KQ2-M9XD-4RTA (ask the back office for one: posctl enrol-till)");
  }
  return Sha256Hex(canonical);
}

}  // namespace tillstream
