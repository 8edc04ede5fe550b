#include "server/rpc/revocation_watch.h"

#include <spdlog/spdlog.h>

#include <set>

#include "absl/time/clock.h"

namespace tillstream {

RevocationWatch::RevocationWatch(TillAuthority* tills, TerminalServiceImpl* terminal,
                                 absl::Duration period)
    : tills_(tills), terminal_(terminal), period_(period), thread_([this] { Loop(); }) {}

RevocationWatch::~RevocationWatch() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RevocationWatch::Loop() {
  bool warned = false;  // once per outage, not once a second
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    wake_.wait_for(lock, absl::ToChronoMilliseconds(period_), [this] { return stop_; });
    if (stop_) break;
    lock.unlock();
    auto revoked = tills_->RecentlyRevoked();
    if (revoked.ok()) {
      terminal_->EndStreamsOf(std::set<std::string>(revoked->begin(), revoked->end()),
                              absl::Now());
      warned = false;
    } else if (!warned) {
      spdlog::warn("cannot read till revocations: {}", revoked.status().ToString());
      warned = true;
    }
    lock.lock();
  }
}

}  // namespace tillstream
