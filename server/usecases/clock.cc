#include "server/usecases/clock.h"

#include "common/business_date.h"

namespace tillstream {

absl::StatusOr<absl::CivilDay> TodayAt(const Org& org, absl::Time now) {
  auto date = BusinessDate(now, org.time_zone);
  if (!date.ok()) return date.status();
  absl::CivilDay day;
  absl::ParseCivilTime(*date, &day);
  return day;
}

}  // namespace tillstream
