// A fixed-size pool of libpqxx connections. Connections are not thread-safe,
// so each caller leases one for the length of its work.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_POOL_H_
#define TILLSTREAM_SERVER_STORAGE_PG_POOL_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tillstream {

class PgPool {
 public:
  // Runs on every new connection before first use (e.g. to prepare
  // statements).
  using ConnectHook = std::function<void(pqxx::connection&)>;

  // Connections open lazily; Open() tries one right away to fail fast.
  static absl::StatusOr<std::unique_ptr<PgPool>> Open(const std::string& url, int size,
                                                      ConnectHook on_connect = nullptr);
  ~PgPool();
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // Runs `work` on a leased connection and converts libpqxx exceptions into
  // Status. While a ScopedAudit is open on this thread, the connection
  // carries its record, so every write `work` commits is audited in its own
  // transaction. `work` may throw; it runs once (no automatic retry: the callers
  // decide what is safe to retry).
  absl::Status Run(const std::function<absl::Status(pqxx::connection&)>& work);

  const std::string& url() const { return url_; }

  // For a stop past its drain limit: cancels the statements running now and
  // makes every later Run fail at once with UNAVAILABLE (nothing of that
  // work is committed; tills resend their bills).
  void CancelAll();

 private:
  PgPool(std::string url, int size, ConnectHook on_connect);
  std::unique_ptr<pqxx::connection> Acquire();
  static void SetAuditContext(pqxx::connection& c, const std::string& value);
  void Release(std::unique_ptr<pqxx::connection> conn);
  // Registers `c` as running work, unless CancelAll came first.
  bool Lease(pqxx::connection* c);
  // Unregisters it; whether CancelAll came meanwhile.
  bool Unlease(pqxx::connection* c);
  static absl::Status Stopping();

  const std::string url_;
  const ConnectHook on_connect_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  std::set<pqxx::connection*> leased_;  // running work now
  int unopened_;                        // connections that may still be opened
  bool cancelled_ = false;
};

// Maps a libpqxx exception to a Status. Exposed for the repositories.
absl::Status StatusFromPqxx(const std::exception& e);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_POOL_H_
