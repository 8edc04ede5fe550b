#include "common/identifiers.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/validation.h"

namespace tillstream {

bool IsCountryCallingCode(absl::string_view code) {
  if (code.empty()) return true;
  if (code.size() > 3 || code[0] == '0') return false;
  for (char c : code) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::StatusOr<std::string> NormalizeMobile(absl::string_view field,
                                            absl::string_view input,
                                            absl::string_view default_country_code) {
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < input.size(); ++i) {
    const char c = input[i];
    if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') {
      return FieldError(field, absl::StrCat("'", input, "' is not a phone number"));
    }
  }
  std::string international;
  if (plus) {
    international = digits;
  } else if (absl::StartsWith(digits, "00")) {
    international = digits.substr(2);
  } else {
    if (default_country_code.empty()) {
      return FieldError(
          field,
          absl::StrCat("'", input, "' needs its country code, like +49 151 2345678"));
    }
    const std::string national =
        absl::StartsWith(digits, "0") ? digits.substr(1) : digits;
    international = absl::StrCat(default_country_code, national);
  }
  if (international.size() < 8 || international.size() > 15 || international[0] == '0') {
    return FieldError(field, absl::StrCat("'", input, "' is not a valid mobile number"));
  }
  return absl::StrCat("+", international);
}

absl::StatusOr<std::string> NormalizeEmail(absl::string_view field,
                                           absl::string_view input) {
  const std::string email = absl::AsciiStrToLower(absl::StripAsciiWhitespace(input));
  const auto bad = [&] {
    return FieldError(field, absl::StrCat("'", input, "' is not an email address"));
  };
  if (email.size() > 254 || !IsValidUtf8(email)) return bad();
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return bad();
  }
  const size_t at = email.find('@');
  if (at == std::string::npos || email.find('@', at + 1) != std::string::npos)
    return bad();
  const std::string local = email.substr(0, at);
  const std::string domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64) return bad();
  const size_t dot = domain.find('.');
  if (dot == std::string::npos || dot == 0 || domain.back() == '.' ||
      domain.find("..") != std::string::npos) {
    return bad();
  }
  return email;
}

absl::StatusOr<std::string> NormalizeExternalId(absl::string_view field,
                                                absl::string_view input) {
  const absl::string_view id = absl::StripAsciiWhitespace(input);
  if (id.empty()) return FieldError(field, "is empty");
  if (auto s = CheckText(field, id, 64); !s.ok()) return s;
  return std::string(id);
}

absl::StatusOr<std::string> NormalizeCardNumber(absl::string_view field,
                                                absl::string_view input) {
  std::string card;
  for (char c : input) {
    if (c == ' ' || c == '-') continue;
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      return FieldError(field, "may hold only letters, digits, spaces and '-'");
    }
    card += absl::ascii_toupper(static_cast<unsigned char>(c));
  }
  if (card.size() < 4 || card.size() > 32) {
    return FieldError(field, "must have 4 to 32 letters and digits");
  }
  return card;
}

}  // namespace tillstream
