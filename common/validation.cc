#include "common/validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/ids.h"

namespace tillstream {
namespace {

absl::Status CheckLength(absl::string_view field, absl::string_view value,
                         size_t max_length) {
  if (value.empty()) return FieldError(field, "is required");
  if (value.size() > max_length) {
    return FieldError(field, absl::StrCat("is ", value.size(),
                                          " characters long; the limit is ", max_length));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      len = 2;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > text.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
        (len == 4 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += len;
  }
  return true;
}

namespace {
constexpr char kBlamedFieldUrl[] = "type.googleapis.com/tillstream.BlamedField";
}  // namespace

absl::Status FieldError(absl::string_view field, absl::string_view problem) {
  absl::Status status = absl::InvalidArgumentError(absl::StrCat(field, " ", problem));
  status.SetPayload(kBlamedFieldUrl, absl::Cord(field));
  return status;
}

std::string BlamedField(const absl::Status& status) {
  const auto field = status.GetPayload(kBlamedFieldUrl);
  return field ? std::string(*field) : std::string();
}

absl::Status CheckCode(absl::string_view field, absl::string_view value) {
  if (auto s = CheckLength(field, value, kMaxCodeLength); !s.ok()) return s;
  if (!absl::ascii_isalnum(static_cast<unsigned char>(value[0]))) {
    return FieldError(field, "must start with a letter or digit");
  }
  for (char c : value) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' &&
        c != '.') {
      return FieldError(field, "may contain only letters, digits, '_', '-' and '.'");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckBarcode(absl::string_view field, absl::string_view value) {
  if (auto s = CheckLength(field, value, kMaxBarcodeLength); !s.ok()) return s;
  for (char c : value) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return FieldError(field, "may contain only letters, digits and '-'");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckBillNumber(absl::string_view field, absl::string_view value) {
  if (auto s = CheckLength(field, value, kMaxBillNumberLength); !s.ok()) {
    return s;
  }
  for (char c : value) {
    if (c < 0x21 || c > 0x7e) {
      return FieldError(field, "may contain only printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckText(absl::string_view field, absl::string_view value,
                       size_t max_length, bool optional) {
  if (value.empty() && optional) return absl::OkStatus();
  if (auto s = CheckLength(field, value, max_length); !s.ok()) return s;
  if (!IsValidUtf8(value)) return FieldError(field, "is not valid UTF-8");
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return FieldError(field, "contains a control character");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckUuid(absl::string_view field, absl::string_view value) {
  if (value.empty()) return FieldError(field, "is required");
  if (!IsUuid(value)) {
    return FieldError(field, "must be a UUID like 123e4567-e89b-42d3-a456-426614174000");
  }
  return absl::OkStatus();
}

absl::Status CheckRequestId(absl::string_view field, absl::string_view value) {
  if (value.empty()) {
    return FieldError(field,
                      "is required: a key of your choosing that makes a retry safe");
  }
  if (value.size() > kMaxRequestIdLength) {
    return FieldError(
        field, absl::StrCat("is longer than ", kMaxRequestIdLength, " characters"));
  }
  for (const char c : value) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' &&
        c != ':' && c != '-') {
      return FieldError(field, "may hold only letters, digits and _ . : -");
    }
  }
  return absl::OkStatus();
}

}  // namespace tillstream
