#include "common/quantity.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace tillstream {

absl::StatusOr<int64_t> ParseQuantity(absl::string_view text) {
  const auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("quantity '", text, "' ", why));
  };
  const size_t point = text.find('.');
  absl::string_view whole = text.substr(0, point);
  absl::string_view frac = point == absl::string_view::npos ? "" : text.substr(point + 1);
  if (whole.empty()) return bad("needs a digit before the decimal point");
  if (frac.size() > 3) return bad("has more than 3 decimals");
  if (point != absl::string_view::npos && frac.empty()) {
    return bad("needs digits after the decimal point");
  }
  int64_t value = 0;
  for (char c : whole) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return bad("is not a positive decimal number");
    }
    value = value * 10 + (c - '0');
    if (value > kMaxQuantityMilli) return bad("is too large");
  }
  int64_t milli = 0;
  int scale = 100;
  for (char c : frac) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return bad("is not a positive decimal number");
    }
    milli += (c - '0') * scale;
    scale /= 10;
  }
  const int64_t total = value * kMilliPerUnit + milli;
  if (total <= 0) return bad("must be greater than zero");
  if (total > kMaxQuantityMilli) return bad("is too large");
  return total;
}

std::string FormatQuantity(int64_t milli) {
  std::string out = milli < 0 ? "-" : "";
  const int64_t abs = milli < 0 ? -milli : milli;
  absl::StrAppend(&out, abs / kMilliPerUnit);
  int64_t frac = abs % kMilliPerUnit;
  if (frac != 0) {
    std::string digits = absl::StrCat(frac + kMilliPerUnit).substr(1);
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    absl::StrAppend(&out, ".", digits);
  }
  return out;
}

}  // namespace tillstream
