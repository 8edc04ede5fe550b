// The fields of one CSV record and the percentages catalog files carry.
#ifndef TILLSTREAM_COMMON_CSV_H_
#define TILLSTREAM_COMMON_CSV_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tillstream {

// Splits one CSV record (fields may be quoted with ", "" inside quotes is a
// quote); fails on an unterminated quote.
absl::StatusOr<std::vector<std::string>> SplitCsvRecord(absl::string_view line);

// "7" -> 700, "7.5" -> 750, "19.25" -> 1925 basis points.
absl::StatusOr<int32_t> ParsePercentToBasisPoints(absl::string_view text);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_CSV_H_
