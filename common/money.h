// Money as integer minor units of an ISO-4217 currency. Never floating point:
// decimal strings exist only at the edges (CSV, receipts, command lines).
#ifndef TILLSTREAM_COMMON_MONEY_H_
#define TILLSTREAM_COMMON_MONEY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tillstream {

// Largest absolute amount we accept anywhere: 10^15 minor units leaves room
// for sums of many amounts without overflowing int64.
inline constexpr int64_t kMaxAbsMinorUnits = 1'000'000'000'000'000;

// Number of decimal digits of the currency's minor unit (2 for EUR, 0 for JPY,
// 3 for KWD), or an error for a code that is not a known ISO-4217 currency.
absl::StatusOr<int> CurrencyDigits(absl::string_view currency);

// "12.34" -> 1234 for a 2-digit currency. Accepts an optional leading '-',
// and at most the currency's digits after the point. No exponents, no spaces.
absl::StatusOr<int64_t> ParseMoney(absl::string_view text, absl::string_view currency);

// 1234 -> "12.34" for a 2-digit currency. The currency must be valid.
std::string FormatMoney(int64_t minor_units, absl::string_view currency);

// Checked arithmetic within +/- kMaxAbsMinorUnits.
absl::StatusOr<int64_t> AddMoney(int64_t a, int64_t b);

enum class Rounding {
  kHalfUp,    // halves away from zero: 2.5 -> 3, -2.5 -> -3
  kHalfEven,  // halves to the even neighbour (banker's): 2.5 -> 2, 3.5 -> 4
};

// round(value * numerator / denominator) with the given rule for halves;
// fails when the result leaves +/- kMaxAbsMinorUnits. denominator must be
// positive. Exact: the product is computed in 128 bits.
absl::StatusOr<int64_t> MulDivRound(int64_t value, int64_t numerator, int64_t denominator,
                                    Rounding rounding);

inline absl::StatusOr<int64_t> MulDivRoundHalfUp(int64_t value, int64_t numerator,
                                                 int64_t denominator) {
  return MulDivRound(value, numerator, denominator, Rounding::kHalfUp);
}

// Splits `total` (>= 0) over parts in proportion to `weights` (>= 0, not all
// zero unless total is 0), to the minor unit: each part gets the floor of
// its exact share, and the cents left over go one each to the parts with the
// largest remainders, ties to the earlier part. The parts sum to `total`.
absl::StatusOr<std::vector<int64_t>> Apportion(int64_t total,
                                               const std::vector<int64_t>& weights);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_MONEY_H_
