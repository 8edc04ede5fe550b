// Bills a till rang while it could not reach the server. The sale was paid,
// so the server stores such a bill even where a rule the till could not
// check says otherwise, with a warning naming the rule; only a malformed
// bill is refused. Prices follow one rule (README, "Offline selling"): the
// till's price stands when the version it priced from was current at the
// billing time, or was replaced less than kOfflinePriceGrace before it;
// otherwise the bill is stored as charged and every line whose price
// differs from the version current at the billing time is named.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_OFFLINE_SALES_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_OFFLINE_SALES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/domain/catalog/catalog.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

inline constexpr absl::Duration kOfflinePriceGrace = absl::Minutes(15);

// What a till cannot do offline, so a bill that claims it is malformed:
// returns, points and coupons (they need the server's ledger), and a
// catalog version that is not one (INVALID_ARGUMENT naming the field).
absl::Status CheckOfflineShape(const BillInput& in);

// The version current at `t`: the last one published at or before it; 0
// when none was.
int VersionCurrentAt(const std::vector<VersionPublished>& versions, absl::Time t);

// Whether the till's prices from `version` stand for a bill rung at
// `billing_time` (see the rule above).
bool OfflinePricesStand(const std::vector<VersionPublished>& versions, int version,
                        absl::Time billing_time,
                        absl::Duration grace = kOfflinePriceGrace);

// One warning per line of `bill` (priced from the till's version) whose unit
// price differs from `current` (the items of version `current_version`, the
// one current at the billing time), or that `current` lacks.
std::vector<std::string> OfflinePriceWarnings(const Bill& bill,
                                              const std::vector<CatalogItem>& current,
                                              int current_version);

// Settles an offline bill as charged: the till's total and its tenders are
// what happened, so a disagreement becomes a warning (returned), never a
// refusal. The bill's total stays the one priced from the till's version.
std::vector<std::string> SettleOfflineBill(const BillInput& in, Bill* bill);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_OFFLINE_SALES_H_
