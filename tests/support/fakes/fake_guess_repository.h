// Guessing windows in memory, on the clock the test gives.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_GUESS_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_GUESS_REPOSITORY_H_

#include <functional>
#include <map>
#include <string>

#include "server/domain/identity/guess_limit.h"

namespace tillstream::testing {

class FakeGuessRepository : public GuessRepository {
 public:
  explicit FakeGuessRepository(std::function<absl::Time()> now) : now_(std::move(now)) {}

  absl::StatusOr<GuessWindow> Window(const std::string& subject) override {
    return windows_[subject];
  }
  absl::StatusOr<GuessWindow> RecordFailure(const std::string& subject,
                                            absl::Duration window) override {
    GuessWindow& w = windows_[subject];
    if (w.failures == 0 || w.started < now_() - window) {
      w = GuessWindow{1, now_()};
    } else {
      ++w.failures;
    }
    return w;
  }

 private:
  std::function<absl::Time()> now_;
  std::map<std::string, GuessWindow> windows_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_GUESS_REPOSITORY_H_
