// Sends the bills the till kept while the back office did not answer, in
// the order they were paid, on a connection of its own, while the cashier
// keeps selling. It pauses between rounds (doubling up to a ceiling) and
// starts a round at once when told the back office is reachable again. A
// bill the server refuses for good moves to rejected/; one it acknowledges
// leaves the outbox. Nothing is dropped: what is left at Finish() stays in
// the outbox for the next start.
#ifndef TILLSTREAM_TERMINAL_OUTBOX_SENDER_H_
#define TILLSTREAM_TERMINAL_OUTBOX_SENDER_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "client/till_link.h"
#include "pos/v1/pos.pb.h"
#include "terminal/retry_schedule.h"
#include "terminal/till_state.h"

namespace tillstream {

class OutboxSender {
 public:
  // Called on the sender's thread for every bill that leaves the outbox: the
  // receipt, or the server's refusal.
  using Report = std::function<void(const pos::v1::SubmitBill&,
                                    const absl::StatusOr<pos::v1::BillReceipt>&)>;

  OutboxSender(std::unique_ptr<TillLink> link, TillState* state, Report report,
               RetryPauses pauses = {});
  ~OutboxSender();  // Finish()
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  // Queues a bill already saved in the outbox, behind those queued before.
  // `try_now` starts a round at once instead of waiting out the pause.
  void Hand(pos::v1::SubmitBill bill, bool try_now);
  // Starts a round at once if bills are waiting (the back office answered
  // the cashier again).
  void Nudge();

  size_t pending() const;

  // One last round at what is queued (stopping at the first bill without an
  // answer), then stops. Returns how many bills are still unsent.
  size_t Finish();

 private:
  enum class Outcome { kRecorded, kRefused, kNoAnswer };

  void Loop();
  Outcome Send(const pos::v1::SubmitBill& bill);

  const std::unique_ptr<TillLink> link_;
  TillState* const state_;
  const Report report_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<pos::v1::SubmitBill> queue_;
  RetrySchedule schedule_;
  bool finishing_ = false;
  std::thread thread_;  // last: starts once the rest is built
};

}  // namespace tillstream

#endif  // TILLSTREAM_TERMINAL_OUTBOX_SENDER_H_
