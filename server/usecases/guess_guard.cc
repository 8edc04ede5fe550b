#include "server/usecases/guess_guard.h"

#include "absl/strings/str_cat.h"

namespace tillstream {

absl::Status GuessGuard::Admit(const std::string& subject) {
  auto window = guesses_->Window(subject);
  if (!window.ok()) return window.status();
  const absl::Time now = clock_();
  const std::optional<absl::Time> until = BlockedUntil(*window, policy_, now);
  if (!until) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "too many unknown codes or customers asked for by ", subject, " (",
      window->failures, " within ", absl::FormatDuration(policy_.window),
      "): retry after ", absl::FormatTime("%H:%M:%S UTC", *until, absl::UTCTimeZone()),
      " (in ", absl::ToInt64Seconds(absl::Ceil(*until - now, absl::Seconds(1))), " s)"));
}

void GuessGuard::Observe(const std::string& subject, const absl::Status& answer) {
  if (!absl::IsNotFound(answer) && !absl::IsUnauthenticated(answer)) return;
  // Best effort: a failure to count must not turn the answer into another.
  (void)guesses_->RecordFailure(subject, policy_.window);
}

}  // namespace tillstream
