// The clock the use cases read, replaceable in tests.
#ifndef TILLSTREAM_SERVER_USECASES_CLOCK_H_
#define TILLSTREAM_SERVER_USECASES_CLOCK_H_

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/org/org.h"

namespace tillstream {

using Clock = std::function<absl::Time()>;

// The org's business day at `now`.
absl::StatusOr<absl::CivilDay> TodayAt(const Org& org, absl::Time now);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_CLOCK_H_
