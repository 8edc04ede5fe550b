#include "common/redemption_code.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace tillstream {
namespace {

constexpr int kAlphabetSize = 31;
static_assert(kCodeAlphabet.size() == kAlphabetSize);
// Weights 1..18 are distinct and non-zero mod 31: a single changed character
// or two swapped neighbours always change the sum.
static_assert(kCodeLength < kAlphabetSize);

int ValueOf(char c) {
  const size_t at = kCodeAlphabet.find(c);
  return at == absl::string_view::npos ? -1 : static_cast<int>(at);
}

std::string Display(absl::string_view code) {
  return absl::StrCat(code.substr(0, 6), "-", code.substr(6, 6), "-", code.substr(12));
}

}  // namespace

char CodeCheckCharacter(absl::string_view body) {
  int sum = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    sum = (sum + static_cast<int>(i + 1) * ValueOf(body[i])) % kAlphabetSize;
  }
  // The check character's weight is body.size() + 1; pick its value so that
  // the weighted sum of the whole code is 0 mod 31.
  const int weight = static_cast<int>(body.size() + 1) % kAlphabetSize;
  for (int v = 0; v < kAlphabetSize; ++v) {
    if ((sum + weight * v) % kAlphabetSize == 0) return kCodeAlphabet[v];
  }
  return kCodeAlphabet[0];  // unreachable: weight is invertible mod 31
}

absl::StatusOr<std::string> NewRedemptionCode() {
  std::string body;
  uint8_t buf[64];
  while (body.size() < static_cast<size_t>(kCodeRandomChars)) {
    const ssize_t n = getrandom(buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError("the system's random source failed; retry");
    }
    for (ssize_t i = 0; i < n && body.size() < static_cast<size_t>(kCodeRandomChars);
         ++i) {
      // 248 = 8 x 31: bytes above it are dropped so every letter is equally likely.
      if (buf[i] < 248) body.push_back(kCodeAlphabet[buf[i] % kAlphabetSize]);
    }
  }
  body.push_back(CodeCheckCharacter(body));
  return Display(body);
}

absl::StatusOr<std::string> ParseRedemptionCode(absl::string_view typed,
                                                absl::string_view field) {
  std::string code;
  for (const char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (code.size() > static_cast<size_t>(kCodeLength)) break;
    code.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  if (code.size() != static_cast<size_t>(kCodeLength)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": a redemption code has ", kCodeLength,
                     " letters and digits (dashes and spaces do not count)"));
  }
  for (size_t i = 0; i < code.size(); ++i) {
    if (ValueOf(code[i]) < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": character ", i + 1, " cannot be in a redemption code (codes use ",
          kCodeAlphabet, "; there is no 0, 1, I, L or O)"));
    }
  }
  const absl::string_view body = absl::string_view(code).substr(0, kCodeRandomChars);
  if (CodeCheckCharacter(body) != code.back()) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": this is not a valid redemption code; a character is mistyped"));
  }
  return Display(code);
}

}  // namespace tillstream
