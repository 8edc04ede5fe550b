// Fixed-point quantities in thousandths of a unit of measure (weights, volumes).
#ifndef TILLSTREAM_COMMON_QUANTITY_H_
#define TILLSTREAM_COMMON_QUANTITY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tillstream {

inline constexpr int64_t kMilliPerUnit = 1000;
// Per line: at most 99,999.999 units. Anything above is a scanning accident.
inline constexpr int64_t kMaxQuantityMilli = 99'999'999;

// "1.25" -> 1250, "3" -> 3000. Positive, at most three decimals.
absl::StatusOr<int64_t> ParseQuantity(absl::string_view text);

// 1250 -> "1.25", 3000 -> "3".
std::string FormatQuantity(int64_t milli);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_QUANTITY_H_
