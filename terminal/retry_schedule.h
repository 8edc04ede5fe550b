// When a till's background worker (the outbox sender, the catalog follower)
// tries a silent server again: after a first pause, doubling up to a ceiling
// while the server stays silent, back to the first pause once it answers.
#ifndef TILLSTREAM_TERMINAL_RETRY_SCHEDULE_H_
#define TILLSTREAM_TERMINAL_RETRY_SCHEDULE_H_

#include <algorithm>
#include <chrono>

namespace tillstream {

struct RetryPauses {
  std::chrono::milliseconds first{1000};
  std::chrono::milliseconds max{30000};

  // The default first pause, both capped at `max_ms` (100 ms at least).
  static RetryPauses UpTo(int max_ms) {
    RetryPauses p;
    p.max = std::chrono::milliseconds(std::max(100, max_ms));
    p.first = std::min(p.first, p.max);
    return p;
  }
};

// Not thread-safe: the worker's own mutex guards it.
class RetrySchedule {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RetrySchedule(RetryPauses pauses) : pauses_(pauses), pause_(pauses.first) {}

  Clock::time_point next_round() const { return next_round_; }
  bool due() const { return Clock::now() >= next_round_; }

  // A round at once (new work, or the server answered someone else).
  void RoundNow() { next_round_ = Clock::now(); }
  // A new backlog: the first round after the first pause.
  void StartOver() {
    pause_ = pauses_.first;
    next_round_ = Clock::now() + pause_;
  }
  // The server was silent: the next round waits out the pause, which then
  // doubles. A round already called for meanwhile keeps its time.
  void Silent(bool round_called_for) {
    if (!round_called_for) next_round_ = Clock::now() + pause_;
    pause_ = std::min(pause_ * 2, pauses_.max);
  }
  void Answered() { pause_ = pauses_.first; }

 private:
  RetryPauses pauses_;
  std::chrono::milliseconds pause_;
  Clock::time_point next_round_ = Clock::now();
};

}  // namespace tillstream

#endif  // TILLSTREAM_TERMINAL_RETRY_SCHEDULE_H_
