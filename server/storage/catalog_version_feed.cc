#include "server/storage/catalog_version_feed.h"

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
  Receiver(pqxx::connection_base& c, const CatalogVersionFeed::Handler& handler)
      : pqxx::notification_receiver(c, kCatalogVersionChannel), handler_(handler) {}
  void operator()(const std::string& payload, int) override {
    PublishedVersion published;
    if (DecodePublishedVersion(payload, &published)) {
      handler_(published);
    } else {
      spdlog::warn("ignoring a malformed catalog version notification");
    }
  }

 private:
  const CatalogVersionFeed::Handler& handler_;
};

}  // namespace

std::string EncodePublishedVersion(const PublishedVersion& p) {
  const std::string sep(1, kSep);
  return absl::StrCat(p.org_id, sep, p.catalog_id, sep, p.version);
}

bool DecodePublishedVersion(const std::string& payload, PublishedVersion* p) {
  const std::vector<std::string> f = absl::StrSplit(payload, kSep);
  if (f.size() != 3) return false;
  p->org_id = f[0];
  p->catalog_id = f[1];
  return absl::SimpleAtoi(f[2], &p->version) && p->version > 0;
}

struct CatalogVersionFeed::Listener {
  explicit Listener(const std::string& url, const Handler& handler)
      : conn(url), receiver(conn, handler) {}
  pqxx::connection conn;
  Receiver receiver;
};

CatalogVersionFeed::CatalogVersionFeed(std::string database_url, Handler handler)
    : url_(std::move(database_url)), handler_(std::move(handler)) {
  try {
    listener_ = std::make_unique<Listener>(url_, handler_);
    listener_->conn.get_notifs();  // sends the LISTEN now
  } catch (const std::exception& e) {
    spdlog::warn("catalog version feed: {}; will retry", e.what());
    listener_.reset();
  }
  thread_ = std::thread([this] { Loop(); });
}

CatalogVersionFeed::~CatalogVersionFeed() {
  stop_ = true;
  thread_.join();
}

void CatalogVersionFeed::Loop() {
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
      spdlog::warn("catalog version feed: {}; reconnecting", e.what());
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
