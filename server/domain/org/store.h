// A store as a location: the facts its status is derived from (never set by
// hand), that status with a reason a person can act on, whether its tills may
// sell, and the checks of its configuration.
#ifndef TILLSTREAM_SERVER_DOMAIN_ORG_STORE_H_
#define TILLSTREAM_SERVER_DOMAIN_ORG_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/domain/org/org.h"

namespace tillstream {

// Sent on the wire (pos.v1.StoreStatus): do not renumber.
enum class StoreStatus { kNotStarted = 1, kPending = 2, kReady = 3, kError = 4 };

const char* StoreStatusName(StoreStatus status);  // "NOT_STARTED"

// What the database knows about a store beyond its configuration.
struct StoreFacts {
  int tills = 0;                // registered tills
  int catalog_version = 0;      // of the assigned catalog; 0: none published
  std::string catalog_failure;  // the assigned catalog's last sync failed: why
  int tills_holding = 0;        // tills whose local copy is of the assigned catalog
  int tills_current = 0;        // ... at its current version
};

struct StoreState {
  StoreInfo store;
  StoreFacts facts;
};

struct DerivedStatus {
  StoreStatus status = StoreStatus::kNotStarted;
  std::string reason;
};

DerivedStatus DeriveStoreStatus(const StoreState& state);

// OK when the store's tills may sell now: READY, or PENDING only because
// no till holds a copy of the catalog yet (the server prices every online
// scan, and a till fetches its copy when it connects). FAILED_PRECONDITION
// naming the status and its reason (or that the store is disabled or
// archived) otherwise.
absl::Status CheckCanSell(const StoreState& state);

// OK unless the store is archived: an archived store answers reads only.
absl::Status CheckWritable(const StoreInfo& store);

// A change of a store's configuration; unset fields stay as they are.
struct StoreUpdate {
  std::string org_id;
  std::string store_id;
  std::optional<std::string> name;
  std::optional<std::string> address;
  std::optional<std::string> time_zone;
  std::optional<std::string> opening_hours;
  std::optional<std::string> settings_url;
  std::optional<std::string> catalog_id;  // "" unassigns
  std::optional<bool> enabled;
  bool archive = false;  // for good: there is no way back
};

// One span of opening hours: days 0 (Monday) to 6, minutes since midnight.
struct OpeningSpan {
  int first_day = 0;
  int last_day = 0;
  int opens = 0;
  int closes = 0;
};

// "Mo-Fr 08:00-20:00; Sa 09:00-14:00" (days Mo Tu We Th Fr Sa Su, a span of
// days or one day, closing after opening). "" is no hours given.
absl::StatusOr<std::vector<OpeningSpan>> ParseOpeningHours(const std::string& text);

// Field checks of a new store, or of the fields an update sets.
absl::Status ValidateStore(const StoreInfo& store);
absl::Status ValidateStoreUpdate(const StoreUpdate& update);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_ORG_STORE_H_
