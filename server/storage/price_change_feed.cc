#include "server/storage/price_change_feed.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <pqxx/pqxx>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tillstream {
namespace {

// Fields are joined with the ASCII unit separator; names never hold control
// characters (validated on the way in).
constexpr char kSep = '\x1f';

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& c, const PriceChangeFeed::Handler& handler)
      : pqxx::notification_receiver(c, kPriceChangeChannel), handler_(handler) {}
  void operator()(const std::string& payload, int) override {
    PriceChange change;
    if (DecodePriceChange(payload, &change)) {
      handler_(change);
    } else {
      spdlog::warn("ignoring a malformed price change notification");
    }
  }

 private:
  const PriceChangeFeed::Handler& handler_;
};

}  // namespace

std::string EncodePriceChange(const PriceChange& c) {
  const std::string sep(1, kSep);
  return absl::StrCat(c.org_id, sep, c.catalog_id, sep, c.catalog_version, sep,
                      c.currency, sep, c.item.sku, sep, c.item.name, sep,
                      c.item.unit_price_minor);
}

bool DecodePriceChange(const std::string& payload, PriceChange* c) {
  const std::vector<std::string> f = absl::StrSplit(payload, kSep);
  if (f.size() != 7) return false;
  c->org_id = f[0];
  c->catalog_id = f[1];
  c->currency = f[3];
  c->item.sku = f[4];
  c->item.name = f[5];
  return absl::SimpleAtoi(f[2], &c->catalog_version) &&
         absl::SimpleAtoi(f[6], &c->item.unit_price_minor);
}

struct PriceChangeFeed::Listener {
  explicit Listener(const std::string& url, const Handler& handler)
      : conn(url), receiver(conn, handler) {}
  pqxx::connection conn;
  Receiver receiver;
};

PriceChangeFeed::PriceChangeFeed(std::string database_url, Handler handler)
    : url_(std::move(database_url)), handler_(std::move(handler)) {
  try {
    listener_ = std::make_unique<Listener>(url_, handler_);
    listener_->conn.get_notifs();  // sends the LISTEN now
  } catch (const std::exception& e) {
    spdlog::warn("price change feed: {}; will retry", e.what());
    listener_.reset();
  }
  thread_ = std::thread([this] { Loop(); });
}

PriceChangeFeed::~PriceChangeFeed() {
  stop_ = true;
  thread_.join();
}

void PriceChangeFeed::Loop() {
  int failures = 0;
  while (!stop_) {
    try {
      if (!listener_) listener_ = std::make_unique<Listener>(url_, handler_);
      failures = 0;
      // Wakes five times a second to notice stop_ soon.
      while (!stop_) listener_->conn.await_notification(0, 200000);
    } catch (const std::exception& e) {
      listener_.reset();
      if (stop_) break;
      spdlog::warn("price change feed: {}; reconnecting", e.what());
      ++failures;
      // Back off up to 5 s, in steps short enough to notice stop_.
      for (int i = 0; i < std::min(failures, 10) && !stop_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
      }
    }
  }
  listener_.reset();
}

}  // namespace tillstream
