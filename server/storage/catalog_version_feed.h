// New catalog versions from any posd, announced to every posd: publishing a
// version (UpsertItems or a sync) sends one PostgreSQL NOTIFY in its
// transaction, and each server LISTENs on its own connection, so tills
// connected to any server instance hear of a version published through any
// other and bring their copies up to it.
#ifndef TILLSTREAM_SERVER_STORAGE_CATALOG_VERSION_FEED_H_
#define TILLSTREAM_SERVER_STORAGE_CATALOG_VERSION_FEED_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace pqxx {
class connection_base;
}  // namespace pqxx

namespace tillstream {

// The NOTIFY channel and payload, shared by the sender
// (pg::RecordPublishedVersion) and the listener.
inline constexpr char kCatalogVersionChannel[] = "tillstream_catalog_version";

struct PublishedVersion {
  std::string org_id;
  std::string catalog_id;
  int version = 0;
};

std::string EncodePublishedVersion(const PublishedVersion& published);
bool DecodePublishedVersion(const std::string& payload, PublishedVersion* published);

class CatalogVersionFeed {
 public:
  using Handler = std::function<void(const PublishedVersion&)>;

  // Listens on a connection of its own, LISTENing before the constructor
  // returns (so no version committed afterwards is missed); reconnects after
  // losing it (versions published meanwhile are not replayed: a till learns
  // of them at its next hello, and the server prices every online scan).
  CatalogVersionFeed(std::string database_url, Handler handler);
  ~CatalogVersionFeed();  // stops within about 0.2 s
  CatalogVersionFeed(const CatalogVersionFeed&) = delete;
  CatalogVersionFeed& operator=(const CatalogVersionFeed&) = delete;

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

#endif  // TILLSTREAM_SERVER_STORAGE_CATALOG_VERSION_FEED_H_
