// Guessing is slow: a principal or a till that keeps asking for codes or
// customers that do not exist is refused for a while. Failures are counted
// in a fixed window per subject ("till:acme/s1/t1", "key:<id>"), in the
// database so the limit holds across every posd.
#ifndef TILLSTREAM_SERVER_DOMAIN_IDENTITY_GUESS_LIMIT_H_
#define TILLSTREAM_SERVER_DOMAIN_IDENTITY_GUESS_LIMIT_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tillstream {

struct GuessPolicy {
  int max_failures = 20;  // per window
  absl::Duration window = absl::Minutes(5);
};

struct GuessWindow {
  int failures = 0;
  absl::Time started = absl::UnixEpoch();
};

// When the subject may try again; nullopt when it may now.
std::optional<absl::Time> BlockedUntil(const GuessWindow& window,
                                       const GuessPolicy& policy, absl::Time now);

class GuessRepository {
 public:
  virtual ~GuessRepository() = default;
  // The subject's current window (no failures when it has none).
  virtual absl::StatusOr<GuessWindow> Window(const std::string& subject) = 0;
  // One more failure: counted in the current window, or the first of a new
  // one when the current one is older than `window`.
  virtual absl::StatusOr<GuessWindow> RecordFailure(const std::string& subject,
                                                    absl::Duration window) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_IDENTITY_GUESS_LIMIT_H_
