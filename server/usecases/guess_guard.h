// The guessing limit around calls that look something up by a code or an
// identifier a caller could guess: refused with RESOURCE_EXHAUSTED (and when
// to retry) while the subject has failed too often; every NOT_FOUND answer
// (an unknown code or customer) and UNAUTHENTICATED one (a wrong PIN)
// counts as a failure.
#ifndef TILLSTREAM_SERVER_USECASES_GUESS_GUARD_H_
#define TILLSTREAM_SERVER_USECASES_GUESS_GUARD_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "server/domain/identity/guess_limit.h"
#include "server/usecases/clock.h"

namespace tillstream {

class GuessGuard {
 public:
  GuessGuard(GuessRepository* guesses, GuessPolicy policy, Clock clock)
      : guesses_(guesses), policy_(policy), clock_(std::move(clock)) {}

  // OK, or RESOURCE_EXHAUSTED naming `subject` and when it may try again.
  absl::Status Admit(const std::string& subject);
  // Counts `answer` against `subject` when it is NOT_FOUND or UNAUTHENTICATED.
  void Observe(const std::string& subject, const absl::Status& answer);

  // Admit, `call`, Observe; `call` answers an absl::Status or a StatusOr.
  template <typename Call>
  auto Guarded(const std::string& subject, Call&& call) -> decltype(call()) {
    if (auto s = Admit(subject); !s.ok()) return s;
    auto answer = call();
    Observe(subject, StatusOf(answer));
    return answer;
  }

 private:
  static const absl::Status& StatusOf(const absl::Status& s) { return s; }
  template <typename T>
  static const absl::Status& StatusOf(const absl::StatusOr<T>& s) {
    return s.status();
  }

  GuessRepository* const guesses_;
  const GuessPolicy policy_;
  const Clock clock_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_GUESS_GUARD_H_
