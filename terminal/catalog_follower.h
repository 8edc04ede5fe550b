// Keeps the till's local catalog at its store's current version, on a
// connection and a thread of its own, while the cashier sells: it catches
// up when it starts, when a hello names a newer version and when a push
// announces one (a pushed delta that fits the copy is applied as it is;
// otherwise the pages from the held version are fetched), then tells the
// server which version it holds. While the server does not answer it keeps
// trying, pausing longer each time, and says when it answers again.
#ifndef TILLSTREAM_TERMINAL_CATALOG_FOLLOWER_H_
#define TILLSTREAM_TERMINAL_CATALOG_FOLLOWER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "client/till_link.h"
#include "pos/v1/pos.pb.h"
#include "terminal/local_catalog.h"
#include "terminal/retry_schedule.h"

namespace tillstream {

class CatalogFollower {
 public:
  // Called on the follower's thread: `reachable` after every round that
  // reached the server; `applied` after a new version is in use.
  struct Reports {
    std::function<void()> reachable;
    std::function<void(const CatalogCopy&)> applied;
    std::function<void(const absl::Status&)> failed;  // a refusal, not silence
  };

  CatalogFollower(std::unique_ptr<TillLink> link, LocalCatalog* catalog, Reports reports,
                  RetryPauses pauses = {});
  ~CatalogFollower();  // Stop()
  CatalogFollower(const CatalogFollower&) = delete;
  CatalogFollower& operator=(const CatalogFollower&) = delete;

  // A version was published (pushed on any of the till's streams).
  void Offer(const pos::v1::CatalogDelta& pushed);
  // The server named the store's catalog and version (a hello's answer).
  void Want(const std::string& catalog_id, int version);
  // Catch up now, or at least check the server answers.
  void Check();

  // Until the copy in use is of `catalog_id` at `version` or later; false
  // on timeout.
  bool WaitFor(const std::string& catalog_id, int version,
               std::chrono::milliseconds timeout);

  void Stop();

 private:
  void Loop();
  // One round: the pushed delta when it fits, else every page from the held
  // version to the current one; then catalog_held.
  absl::Status CatchUp(std::optional<pos::v1::CatalogDelta> pushed);
  absl::StatusOr<pos::v1::TillResponse> Ask(const pos::v1::TillRequest& request);

  const std::unique_ptr<TillLink> link_;
  LocalCatalog* const catalog_;
  const Reports reports_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable applied_;
  bool pending_ = true;  // a round is due (the first at start)
  std::optional<pos::v1::CatalogDelta> pushed_;
  RetrySchedule schedule_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest is built
};

}  // namespace tillstream

#endif  // TILLSTREAM_TERMINAL_CATALOG_FOLLOWER_H_
