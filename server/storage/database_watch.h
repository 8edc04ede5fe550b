// Whether PostgreSQL answers, watched on a connection of its own: health
// must say NOT_SERVING while the database is down, and the pool's
// connections only find out when a request fails.
#ifndef TILLSTREAM_SERVER_STORAGE_DATABASE_WATCH_H_
#define TILLSTREAM_SERVER_STORAGE_DATABASE_WATCH_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace tillstream {

// `url` with a connect timeout of `seconds` unless it names one: a probe
// must fail in bounded time when the network to the database is frozen.
std::string WithConnectTimeout(const std::string& url, int seconds);

class DatabaseWatch {
 public:
  // Called on the watch's thread when the answer changes (true: answers).
  using Handler = std::function<void(bool reachable)>;

  // Probes every `interval` (SELECT 1). The database answered just now, so
  // it starts as reachable.
  DatabaseWatch(std::string url, std::chrono::milliseconds interval, Handler on_change);
  ~DatabaseWatch();  // stops within one probe
  DatabaseWatch(const DatabaseWatch&) = delete;
  DatabaseWatch& operator=(const DatabaseWatch&) = delete;

 private:
  void Loop();

  const std::string url_;
  const std::chrono::milliseconds interval_;
  const Handler on_change_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_DATABASE_WATCH_H_
