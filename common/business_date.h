// The business day a moment belongs to, in the org's time zone.
#ifndef TILLSTREAM_COMMON_BUSINESS_DATE_H_
#define TILLSTREAM_COMMON_BUSINESS_DATE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tillstream {

// YYYY-MM-DD of `t` in the IANA zone `time_zone`.
absl::StatusOr<std::string> BusinessDate(absl::Time t, const std::string& time_zone);

// "2026-12-02 06:48:18 UTC": a moment as refusals name it to people.
std::string FormatUtc(absl::Time t);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_BUSINESS_DATE_H_
