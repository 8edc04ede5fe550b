// Price changes from any posd, delivered to every posd: UpsertItems sends a
// PostgreSQL NOTIFY in its transaction for each item whose price or name
// changed, and each server LISTENs on its own connection, so tills connected
// to any server instance hear about a change made through any other.
#ifndef TILLSTREAM_SERVER_STORAGE_PRICE_CHANGE_FEED_H_
#define TILLSTREAM_SERVER_STORAGE_PRICE_CHANGE_FEED_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "server/domain/catalog/catalog.h"

namespace pqxx {
class connection_base;
}  // namespace pqxx

namespace tillstream {

// The NOTIFY channel and payload, shared by the sender (PgCatalogRepository) and
// the listener.
inline constexpr char kPriceChangeChannel[] = "tillstream_price_change";

struct PriceChange {
  std::string org_id;
  std::string catalog_id;
  int catalog_version = 0;  // the version that holds the new price
  std::string currency;
  CatalogItem item;  // sku, name, unit price
};

std::string EncodePriceChange(const PriceChange& change);
bool DecodePriceChange(const std::string& payload, PriceChange* change);

class PriceChangeFeed {
 public:
  using Handler = std::function<void(const PriceChange&)>;

  // Listens on a connection of its own, LISTENing before the constructor
  // returns (so no change committed afterwards is missed); reconnects after
  // losing it (changes made while disconnected are not replayed: tills
  // re-price at submit anyway).
  PriceChangeFeed(std::string database_url, Handler handler);
  ~PriceChangeFeed();  // stops within about 0.2 s
  PriceChangeFeed(const PriceChangeFeed&) = delete;
  PriceChangeFeed& operator=(const PriceChangeFeed&) = delete;

 private:
  struct Listener;  // a connection with its LISTEN registered
  void Loop();

  const std::string url_;
  const Handler handler_;
  std::unique_ptr<Listener> listener_;  // owned by the thread once it runs
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PRICE_CHANGE_FEED_H_
