#include "server/domain/identity/guess_limit.h"

namespace tillstream {

std::optional<absl::Time> BlockedUntil(const GuessWindow& window,
                                       const GuessPolicy& policy, absl::Time now) {
  const absl::Time ends = window.started + policy.window;
  if (window.failures < policy.max_failures || ends <= now) return std::nullopt;
  return ends;
}

}  // namespace tillstream
