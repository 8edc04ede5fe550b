#include "terminal/outbox_sender.h"

#include <algorithm>

namespace tillstream {

OutboxSender::OutboxSender(std::unique_ptr<TillLink> link, TillState* state,
                           Report report, RetryPauses pauses)
    : link_(std::move(link)),
      state_(state),
      report_(std::move(report)),
      schedule_(pauses),
      thread_([this] { Loop(); }) {}

OutboxSender::~OutboxSender() { Finish(); }

void OutboxSender::Hand(pos::v1::SubmitBill bill, bool try_now) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.empty()) {
      // A new backlog: the cashier's own attempts just went unanswered, so
      // wait a pause before the first round unless told otherwise.
      schedule_.StartOver();
    }
    if (try_now) schedule_.RoundNow();
    queue_.push_back(std::move(bill));
  }
  wake_.notify_all();
}

void OutboxSender::Nudge() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.empty()) return;
    schedule_.RoundNow();
  }
  wake_.notify_all();
}

size_t OutboxSender::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

size_t OutboxSender::Finish() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    finishing_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  return pending();
}

OutboxSender::Outcome OutboxSender::Send(const pos::v1::SubmitBill& bill) {
  if (!link_->connected() && !link_->Connect().ok()) return Outcome::kNoAnswer;
  pos::v1::TillRequest request;
  *request.mutable_submit_bill() = bill;
  auto answer = link_->Call(request);
  if (!answer.ok() && IsTransient(answer.status())) return Outcome::kNoAnswer;
  if (answer.ok()) {
    // Should the removal fail, the bill is resent later and answered as a
    // replay: never stored twice.
    state_->RemoveFromOutbox(bill.bill_id()).IgnoreError();
    report_(bill, answer->bill());
    return Outcome::kRecorded;
  }
  state_->MoveToRejected(bill.bill_id()).IgnoreError();
  report_(bill, answer.status());
  return Outcome::kRefused;
}

void OutboxSender::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    while (!finishing_ && (queue_.empty() || !schedule_.due())) {
      if (queue_.empty()) {
        wake_.wait(lock);
      } else {
        wake_.wait_until(lock, schedule_.next_round());
      }
    }
    if (queue_.empty()) return;  // finishing, nothing left
    const bool last_round = finishing_;
    bool answered = true;
    while (answered && !queue_.empty()) {
      const pos::v1::SubmitBill bill = queue_.front();
      lock.unlock();
      answered = Send(bill) != Outcome::kNoAnswer;
      lock.lock();
      if (answered) queue_.pop_front();  // only this thread pops
    }
    if (last_round && !answered) return;
    if (!answered) {
      schedule_.Silent(/*round_called_for=*/false);
    } else {
      schedule_.Answered();
    }
  }
}

}  // namespace tillstream
