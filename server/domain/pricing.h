// Pricing of single lines and of whole bills, from catalog items.
#ifndef TILLSTREAM_SERVER_DOMAIN_PRICING_H_
#define TILLSTREAM_SERVER_DOMAIN_PRICING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/model.h"

namespace tillstream {

inline constexpr int kMaxBillLines = 500;
inline constexpr int kMaxTenders = 20;
inline constexpr int64_t kMaxUnitPriceMinor = 1'000'000'000'00;  // 10^11

// amount = unit price x quantity, rounded half away from zero to the minor
// unit; the tax contained in a tax-inclusive amount is
// amount x rate / (10000 + rate), rounded the same way.
// Items sold EACH need whole quantities.
absl::StatusOr<PricedLine> PriceLine(const CatalogItem& item, int64_t quantity_milli,
                                     int32_t line_no, const std::string& barcode);

// Shape checks that need no catalog: ids, lengths, counts, signs, times.
absl::Status ValidateBillInput(const BillInput& in, absl::Time now);

// Prices every line from `items` (looked up by SKU), totals the bill, checks
// tenders against the total and the till's own total against the server's.
absl::StatusOr<Bill> PriceBill(const TillContext& till, const BillInput& in,
                               const std::vector<CatalogItem>& items);

// YYYY-MM-DD of `t` in the IANA zone `time_zone`.
absl::StatusOr<std::string> BusinessDate(absl::Time t, const std::string& time_zone);

// Fingerprint of everything the till sent, for idempotent replays.
std::string BillFingerprint(const TillContext& till, const BillInput& in);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_PRICING_H_
