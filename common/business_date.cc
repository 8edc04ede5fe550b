#include "common/business_date.h"

#include "absl/strings/str_cat.h"

namespace tillstream {

absl::StatusOr<std::string> BusinessDate(absl::Time t, const std::string& time_zone) {
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(time_zone, &tz)) {
    return absl::InternalError(
        absl::StrCat("time zone '", time_zone, "' cannot be loaded"));
  }
  return absl::FormatTime("%Y-%m-%d", t, tz);
}

std::string FormatUtc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", t, absl::UTCTimeZone());
}

}  // namespace tillstream
