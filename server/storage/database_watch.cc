#include "server/storage/database_watch.h"

#include <spdlog/spdlog.h>

#include <memory>
#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tillstream {

std::string WithConnectTimeout(const std::string& url, int seconds) {
  if (absl::StrContains(url, "connect_timeout")) return url;
  if (absl::StrContains(url, "://")) {
    return absl::StrCat(url, absl::StrContains(url, "?") ? "&" : "?",
                        "connect_timeout=", seconds);
  }
  return absl::StrCat(url, " connect_timeout=", seconds);  // key=value form
}

DatabaseWatch::DatabaseWatch(std::string url, std::chrono::milliseconds interval,
                             Handler on_change)
    : url_(WithConnectTimeout(url, 2)),
      interval_(interval),
      on_change_(std::move(on_change)),
      thread_([this] { Loop(); }) {}

DatabaseWatch::~DatabaseWatch() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DatabaseWatch::Loop() {
  std::unique_ptr<pqxx::connection> conn;
  bool reachable = true;
  std::unique_lock<std::mutex> lock(mu_);
  while (!wake_.wait_for(lock, interval_, [this] { return stop_; })) {
    lock.unlock();
    bool answers = false;
    std::string why;
    try {
      if (!conn || !conn->is_open()) conn = std::make_unique<pqxx::connection>(url_);
      pqxx::nontransaction tx(*conn);
      tx.exec("SELECT 1");
      answers = true;
    } catch (const std::exception& e) {
      conn.reset();
      why = e.what();
    }
    if (answers != reachable) {
      reachable = answers;
      if (answers) {
        spdlog::info("the database answers again: SERVING");
      } else {
        spdlog::error("the database does not answer: NOT_SERVING ({})", why);
      }
      on_change_(answers);
    }
    lock.lock();
  }
}

}  // namespace tillstream
