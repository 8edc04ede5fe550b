#include "common/money.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace tillstream {
namespace {

// ISO-4217 currencies whose minor unit is not two digits; every other
// three-letter code in kKnown below has two.
constexpr std::array<std::pair<const char*, int>, 12> kNonTwoDigit = {{
    {"BHD", 3},
    {"CLP", 0},
    {"IQD", 3},
    {"ISK", 0},
    {"JOD", 3},
    {"JPY", 0},
    {"KRW", 0},
    {"KWD", 3},
    {"LYD", 3},
    {"OMR", 3},
    {"TND", 3},
    {"VND", 0},
}};

constexpr std::array<const char*, 40> kTwoDigit = {
    "AED", "ARS", "AUD", "BGN", "BRL", "CAD", "CHF", "CNY", "COP", "CZK",
    "DKK", "EGP", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS", "INR", "MAD",
    "MXN", "MYR", "NGN", "NOK", "NZD", "PEN", "PHP", "PKR", "PLN", "QAR",
    "RON", "RSD", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "USD", "ZAR",
};

int64_t Pow10(int digits) {
  int64_t p = 1;
  for (int i = 0; i < digits; ++i) p *= 10;
  return p;
}

}  // namespace

absl::StatusOr<int> CurrencyDigits(absl::string_view currency) {
  for (const auto& [code, digits] : kNonTwoDigit) {
    if (currency == code) return digits;
  }
  for (const char* code : kTwoDigit) {
    if (currency == code) return 2;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("currency '", currency, "' is not a supported ISO-4217 code"));
}

absl::StatusOr<int64_t> ParseMoney(absl::string_view text, absl::string_view currency) {
  auto digits = CurrencyDigits(currency);
  if (!digits.ok()) return digits.status();
  absl::string_view s = text;
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  const auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("amount '", text, "' ", why));
  };
  if (s.empty()) return bad("is empty");
  const size_t point = s.find('.');
  absl::string_view whole = s.substr(0, point);
  absl::string_view frac = point == absl::string_view::npos ? "" : s.substr(point + 1);
  if (whole.empty()) return bad("needs a digit before the decimal point");
  if (point != absl::string_view::npos && frac.empty()) {
    return bad("needs digits after the decimal point");
  }
  if (static_cast<int>(frac.size()) > *digits) {
    return bad(absl::StrCat("has more than ", *digits, " decimals for ", currency));
  }
  __int128 value = 0;
  for (char c : whole) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return bad("is not a decimal number");
    }
    value = value * 10 + (c - '0');
    if (value > kMaxAbsMinorUnits) return bad("is too large");
  }
  int64_t frac_value = 0;
  for (char c : frac) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return bad("is not a decimal number");
    }
    frac_value = frac_value * 10 + (c - '0');
  }
  frac_value *= Pow10(*digits - static_cast<int>(frac.size()));
  value = value * Pow10(*digits) + frac_value;
  if (value > kMaxAbsMinorUnits) return bad("is too large");
  return static_cast<int64_t>(negative ? -value : value);
}

std::string FormatMoney(int64_t minor_units, absl::string_view currency) {
  const int digits = CurrencyDigits(currency).value_or(2);
  const bool negative = minor_units < 0;
  // Work in unsigned to format INT64_MIN without overflow.
  const uint64_t abs = negative ? 0 - static_cast<uint64_t>(minor_units)
                                : static_cast<uint64_t>(minor_units);
  const uint64_t scale = static_cast<uint64_t>(Pow10(digits));
  std::string out = negative ? "-" : "";
  absl::StrAppend(&out, abs / scale);
  if (digits > 0) {
    std::string frac = absl::StrCat(abs % scale);
    out += '.';
    out.append(digits - frac.size(), '0');
    out += frac;
  }
  return out;
}

absl::StatusOr<int64_t> AddMoney(int64_t a, int64_t b) {
  const __int128 sum = static_cast<__int128>(a) + b;
  if (sum > kMaxAbsMinorUnits || sum < -kMaxAbsMinorUnits) {
    return absl::OutOfRangeError("amount sum exceeds the supported range");
  }
  return static_cast<int64_t>(sum);
}

absl::StatusOr<int64_t> MulDivRound(int64_t value, int64_t numerator, int64_t denominator,
                                    Rounding rounding) {
  if (denominator <= 0) {
    return absl::InternalError("MulDivRound: denominator must be > 0");
  }
  const __int128 product = static_cast<__int128>(value) * numerator;
  const bool negative = product < 0;
  const __int128 abs = negative ? -product : product;
  __int128 q = abs / denominator;
  const __int128 twice_rem = (abs % denominator) * 2;
  if (twice_rem > denominator ||
      (twice_rem == denominator && (rounding == Rounding::kHalfUp || q % 2 == 1))) {
    ++q;
  }
  if (q > kMaxAbsMinorUnits) {
    return absl::OutOfRangeError("amount exceeds the supported range");
  }
  return static_cast<int64_t>(negative ? -q : q);
}

absl::StatusOr<std::vector<int64_t>> Apportion(int64_t total,
                                               const std::vector<int64_t>& weights) {
  if (total < 0) return absl::InvalidArgumentError("cannot apportion a negative amount");
  __int128 sum = 0;
  for (int64_t w : weights) {
    if (w < 0) return absl::InvalidArgumentError("cannot apportion by a negative weight");
    sum += w;
  }
  std::vector<int64_t> parts(weights.size(), 0);
  if (total == 0) return parts;
  if (sum == 0) return absl::InvalidArgumentError("cannot apportion over nothing");
  std::vector<std::pair<__int128, size_t>> remainders;  // (remainder, index)
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const __int128 exact = static_cast<__int128>(total) * weights[i];
    parts[i] = static_cast<int64_t>(exact / sum);
    given += parts[i];
    remainders.emplace_back(exact % sum, i);
  }
  // Largest remainder first; on equal remainders the earlier part first.
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; given < total; ++k) {
    ++parts[remainders[k].second];
    ++given;
  }
  return parts;
}

}  // namespace tillstream
