#include "terminal/catalog_follower.h"

#include <algorithm>
#include <vector>

namespace tillstream {

CatalogFollower::CatalogFollower(std::unique_ptr<TillLink> link, LocalCatalog* catalog,
                                 Reports reports, RetryPauses pauses)
    : link_(std::move(link)),
      catalog_(catalog),
      reports_(std::move(reports)),
      schedule_(pauses),
      thread_([this] { Loop(); }) {}

CatalogFollower::~CatalogFollower() { Stop(); }

void CatalogFollower::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CatalogFollower::Offer(const pos::v1::CatalogDelta& pushed) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    pushed_ = pushed;
    pending_ = true;
    schedule_.RoundNow();
  }
  wake_.notify_all();
}

void CatalogFollower::Want(const std::string& catalog_id, int version) {
  const auto held = catalog_->current();
  if (held && held->catalog_id() == catalog_id && held->version() >= version) return;
  Check();
}

void CatalogFollower::Check() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_ = true;
    schedule_.RoundNow();
  }
  wake_.notify_all();
}

bool CatalogFollower::WaitFor(const std::string& catalog_id, int version,
                              std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return applied_.wait_for(lock, timeout, [&] {
    const auto held = catalog_->current();
    return held && held->catalog_id() == catalog_id && held->version() >= version;
  });
}

absl::StatusOr<pos::v1::TillResponse> CatalogFollower::Ask(
    const pos::v1::TillRequest& request) {
  if (!link_->connected()) {
    if (auto hello = link_->Connect(); !hello.ok()) return hello.status();
  }
  return link_->Call(request);
}

absl::Status CatalogFollower::CatchUp(std::optional<pos::v1::CatalogDelta> pushed) {
  auto held = catalog_->current();
  std::vector<pos::v1::CatalogDelta> pages;
  if (pushed && !pushed->more() && held && held->catalog_id() == pushed->catalog_id() &&
      held->version() == pushed->from_version()) {
    pages.push_back(*std::move(pushed));
  } else {
    pos::v1::TillRequest request;
    auto* fetch = request.mutable_fetch_catalog();
    if (held) {
      fetch->set_catalog_id(held->catalog_id());
      fetch->set_have_version(held->version());
    }
    for (;;) {
      auto answer = Ask(request);
      if (!answer.ok()) return answer.status();
      const pos::v1::CatalogDelta& page = answer->catalog();
      fetch->set_to_version(page.to_version());  // every later page of this version
      fetch->set_after_sku(page.last_sku());
      pages.push_back(page);
      if (!page.more()) break;
    }
  }
  const pos::v1::CatalogDelta& first = pages.front();
  const bool up_to_date = held && held->catalog_id() == first.catalog_id() &&
                          held->version() == first.to_version();
  if (!up_to_date) {
    if (auto s = catalog_->Apply(pages); !s.ok()) return s;
    held = catalog_->current();
    {
      std::lock_guard<std::mutex> lock(mu_);  // WaitFor checks under it
    }
    applied_.notify_all();
    if (reports_.applied) reports_.applied(*held);
  }
  pos::v1::TillRequest said;
  said.mutable_catalog_held()->set_catalog_id(held->catalog_id());
  said.mutable_catalog_held()->set_version(held->version());
  auto ack = Ask(said);
  return ack.ok() ? absl::OkStatus() : ack.status();
}

void CatalogFollower::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    while (!stopping_ && (!pending_ || !schedule_.due())) {
      if (!pending_) {
        wake_.wait(lock);
      } else {
        wake_.wait_until(lock, schedule_.next_round());
      }
    }
    if (stopping_) return;
    pending_ = false;
    std::optional<pos::v1::CatalogDelta> pushed = std::move(pushed_);
    pushed_.reset();
    lock.unlock();
    const absl::Status s = CatchUp(std::move(pushed));
    const bool silent = IsTransient(s);
    if (!silent && reports_.reachable) reports_.reachable();
    if (!s.ok() && !silent && reports_.failed) reports_.failed(s);
    lock.lock();
    if (silent) {
      // Try again after a pause, unless something new woke a round sooner.
      schedule_.Silent(/*round_called_for=*/pending_);
      pending_ = true;
    } else {
      schedule_.Answered();
    }
  }
}

}  // namespace tillstream
