#include "common/csv.h"

#include "absl/strings/str_cat.h"
#include "common/money.h"

namespace tillstream {

absl::StatusOr<std::vector<std::string>> SplitCsvRecord(absl::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  if (quoted) return absl::InvalidArgumentError("unterminated quoted field");
  return fields;
}

absl::StatusOr<int32_t> ParsePercentToBasisPoints(absl::string_view text) {
  // A percentage with up to two decimals is a 2-digit "currency" amount.
  auto bp = ParseMoney(text, "EUR");
  if (!bp.ok() || *bp < 0 || *bp > 10000) {
    return absl::InvalidArgumentError(absl::StrCat(
        "tax_percent '", text, "' must be between 0 and 100, e.g. 19 or 7.5"));
  }
  return static_cast<int32_t>(*bp);
}

}  // namespace tillstream
