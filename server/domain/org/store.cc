#include "server/domain/org/store.h"

#include <array>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "common/enum_names.h"
#include "common/validation.h"

namespace tillstream {
namespace {

constexpr size_t kMaxAddressLength = 300;
constexpr size_t kMaxOpeningHoursLength = 200;
constexpr size_t kMaxUrlLength = 500;
constexpr std::array<const char*, 7> kDays = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

std::optional<int> DayOf(absl::string_view name) {
  for (size_t i = 0; i < kDays.size(); ++i) {
    if (name == kDays[i]) return static_cast<int>(i);
  }
  return std::nullopt;
}

// "08:00" as minutes since midnight; "24:00" closes at midnight.
std::optional<int> MinutesOf(absl::string_view hhmm) {
  int h = 0, m = 0;
  if (hhmm.size() != 5 || hhmm[2] != ':' || !absl::SimpleAtoi(hhmm.substr(0, 2), &h) ||
      !absl::SimpleAtoi(hhmm.substr(3, 2), &m) || m > 59 || h > 24 ||
      (h == 24 && m != 0)) {
    return std::nullopt;
  }
  return h * 60 + m;
}

absl::Status CheckTimeZone(const std::string& zone) {
  absl::TimeZone tz;
  if (zone.size() > 64 || !absl::LoadTimeZone(zone, &tz)) {
    return FieldError("time_zone",
                      absl::StrCat("'", zone,
                                   "' is not an IANA time zone like "
                                   "Europe/Berlin (or leave it empty for the "
                                   "org's)"));
  }
  return absl::OkStatus();
}

absl::Status CheckUrl(const std::string& url) {
  if (url.empty()) return absl::OkStatus();
  if (url.size() > kMaxUrlLength || url.find_first_of(" \t\r\n") != std::string::npos ||
      !IsValidUtf8(url) ||
      !(absl::StartsWith(url, "https://") || absl::StartsWith(url, "http://"))) {
    return FieldError("settings_url",
                      absl::StrCat("must be an http(s):// address of at most ",
                                   kMaxUrlLength, " characters without spaces"));
  }
  return absl::OkStatus();
}

absl::Status CheckOpeningHours(const std::string& text) {
  if (text.size() > kMaxOpeningHoursLength) {
    return FieldError(
        "opening_hours",
        absl::StrCat("is longer than ", kMaxOpeningHoursLength, " characters"));
  }
  auto spans = ParseOpeningHours(text);
  if (!spans.ok()) return FieldError("opening_hours", spans.status().message());
  return absl::OkStatus();
}

absl::Status CheckCatalogId(const std::string& catalog_id) {
  return catalog_id.empty() ? absl::OkStatus() : CheckCode("catalog_id", catalog_id);
}

}  // namespace

const char* StoreStatusName(StoreStatus status) {
  return EnumName(status, {"NOT_STARTED", "PENDING", "READY", "ERROR"});
}

DerivedStatus DeriveStoreStatus(const StoreState& state) {
  const StoreInfo& s = state.store;
  const StoreFacts& f = state.facts;
  if (s.catalog_id.empty()) {
    return {StoreStatus::kNotStarted,
            absl::StrCat("no catalog is assigned to store ", s.store_id,
                         ": assign one (posctl assign-catalog ", s.org_id, " ",
                         s.store_id, " CATALOG)")};
  }
  if (f.tills == 0) {
    return {StoreStatus::kNotStarted,
            absl::StrCat("store ", s.store_id,
                         " has no till registered: register one (posctl create-till)")};
  }
  if (f.catalog_version == 0 && !f.catalog_failure.empty()) {
    return {StoreStatus::kError,
            absl::StrCat(
                "the last sync of catalog ", s.catalog_id, " failed (", f.catalog_failure,
                ") and it has no version to sell from: correct the data and sync "
                "again")};
  }
  if (f.catalog_version == 0) {
    return {
        StoreStatus::kPending,
        absl::StrCat("catalog ", s.catalog_id,
                     " has no published version yet: its first sync has not finished")};
  }
  if (f.tills_holding == 0) {
    return {StoreStatus::kPending,
            absl::StrCat("catalog ", s.catalog_id, " version ", f.catalog_version,
                         " is published, but no till of store ", s.store_id,
                         " holds a copy yet: a till fetches one when it connects (tills "
                         "sell online meanwhile; none can sell offline)")};
  }
  std::string reason = absl::StrCat("tills sell from catalog ", s.catalog_id, " version ",
                                    f.catalog_version, " (held by ", f.tills_current,
                                    " of ", f.tills, " tills)");
  if (!f.catalog_failure.empty()) {
    absl::StrAppend(&reason, " (its last sync failed: ", f.catalog_failure, ")");
  }
  return {StoreStatus::kReady, std::move(reason)};
}

absl::Status CheckWritable(const StoreInfo& store) {
  if (!store.archived) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("store ", store.store_id, " is archived: it answers reads only"));
}

absl::Status CheckCanSell(const StoreState& state) {
  if (auto s = CheckWritable(state.store); !s.ok()) return s;
  if (!state.store.enabled) {
    return absl::FailedPreconditionError(
        absl::StrCat("store ", state.store.store_id,
                     " is disabled: the operator can enable it (posctl ", "enable-store ",
                     state.store.org_id, " ", state.store.store_id, ")"));
  }
  const DerivedStatus d = DeriveStoreStatus(state);
  if (d.status == StoreStatus::kReady) return absl::OkStatus();
  if (d.status == StoreStatus::kPending && state.facts.catalog_version > 0 &&
      state.facts.tills_holding == 0) {
    return absl::OkStatus();  // only no copy on a till yet
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "store ", state.store.store_id, " is ", StoreStatusName(d.status), ": ", d.reason));
}

absl::StatusOr<std::vector<OpeningSpan>> ParseOpeningHours(const std::string& text) {
  std::vector<OpeningSpan> spans;
  if (text.empty()) return spans;
  for (absl::string_view part : absl::StrSplit(text, ';')) {
    part = absl::StripAsciiWhitespace(part);
    const std::vector<absl::string_view> words =
        absl::StrSplit(part, ' ', absl::SkipWhitespace());
    const std::string hint =
        absl::StrCat("'", part,
                     "' is not like 'Mo-Fr 08:00-20:00' (days Mo Tu We Th "
                     "Fr Sa Su; spans separated by ';')");
    if (words.size() != 2) return absl::InvalidArgumentError(hint);
    const std::vector<absl::string_view> days = absl::StrSplit(words[0], '-');
    const std::vector<absl::string_view> hours = absl::StrSplit(words[1], '-');
    if (days.size() > 2 || hours.size() != 2) return absl::InvalidArgumentError(hint);
    const std::optional<int> first = DayOf(days[0]);
    const std::optional<int> last = DayOf(days.back());
    const std::optional<int> opens = MinutesOf(hours[0]);
    const std::optional<int> closes = MinutesOf(hours[1]);
    if (!first || !last || !opens || !closes) return absl::InvalidArgumentError(hint);
    if (*last < *first) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", part, "': the days run from Monday to Sunday"));
    }
    if (*closes <= *opens) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", part, "': closing must come after opening"));
    }
    spans.push_back({*first, *last, *opens, *closes});
  }
  return spans;
}

absl::Status ValidateStore(const StoreInfo& store) {
  if (auto s = CheckCode("org_id", store.org_id); !s.ok()) return s;
  if (auto s = CheckCode("store_id", store.store_id); !s.ok()) return s;
  if (auto s = CheckText("name", store.name, kMaxNameLength); !s.ok()) return s;
  if (auto s = CheckText("address", store.address, kMaxAddressLength, /*optional=*/true);
      !s.ok()) {
    return s;
  }
  if (!store.time_zone.empty()) {
    if (auto s = CheckTimeZone(store.time_zone); !s.ok()) return s;
  }
  if (auto s = CheckOpeningHours(store.opening_hours); !s.ok()) return s;
  if (auto s = CheckUrl(store.settings_url); !s.ok()) return s;
  return CheckCatalogId(store.catalog_id);
}

absl::Status ValidateStoreUpdate(const StoreUpdate& u) {
  if (auto s = CheckCode("org_id", u.org_id); !s.ok()) return s;
  if (auto s = CheckCode("store_id", u.store_id); !s.ok()) return s;
  if (u.name) {
    if (auto s = CheckText("name", *u.name, kMaxNameLength); !s.ok()) return s;
  }
  if (u.address) {
    if (auto s = CheckText("address", *u.address, kMaxAddressLength, /*optional=*/true);
        !s.ok()) {
      return s;
    }
  }
  if (u.time_zone && !u.time_zone->empty()) {
    if (auto s = CheckTimeZone(*u.time_zone); !s.ok()) return s;
  }
  if (u.opening_hours) {
    if (auto s = CheckOpeningHours(*u.opening_hours); !s.ok()) return s;
  }
  if (u.settings_url) {
    if (auto s = CheckUrl(*u.settings_url); !s.ok()) return s;
  }
  if (u.catalog_id) {
    if (auto s = CheckCatalogId(*u.catalog_id); !s.ok()) return s;
  }
  if (!u.name && !u.address && !u.time_zone && !u.opening_hours && !u.settings_url &&
      !u.catalog_id && !u.enabled && !u.archive) {
    return absl::InvalidArgumentError("the update changes nothing: name a field to set");
  }
  return absl::OkStatus();
}

}  // namespace tillstream
