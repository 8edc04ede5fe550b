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

// How the org's catalog prices relate to tax, and how tax is rounded.
struct TaxPolicy {
  bool prices_exclude_tax = false;
  Rounding rounding = Rounding::kHalfUp;
};

TaxPolicy TaxPolicyOf(const BillingConfig& config);

// One line, in this order, every step to the minor unit:
//   gross   = unit price x quantity, halves away from zero
//   net     = gross - item discount - share of the sale discount
//   tax-inclusive prices: amount = net, tax = net x rate / (10000 + rate)
//   tax-exclusive prices: tax = net x rate / 10000, amount = net + tax
// with the policy's rounding for tax. Items sold EACH need whole quantities.
absl::StatusOr<PricedLine> PriceLine(const CatalogItem& item, int64_t quantity_milli,
                                     int32_t line_no, const std::string& barcode,
                                     const TaxPolicy& policy);

// Shape checks that need no catalog: ids, lengths, counts, signs, times.
absl::Status ValidateBillInput(const BillInput& in, absl::Time now);

// Prices every line from `items` (looked up by SKU), applies item discounts,
// apportions the sale discount (see Apportion in common/money.h) and totals
// the bill. Tenders and the till's total are not looked at.
absl::StatusOr<Bill> PriceBill(const TillContext& till, const BillInput& in,
                               const std::vector<CatalogItem>& items,
                               const TaxPolicy& policy);

// Checks the till's own total against the server's and the tenders against
// the total (change only on cash), and records them on the bill.
absl::Status SettleBill(const BillInput& in, Bill* bill);

// A bill of this till with the input's id, number, time and business date;
// no lines yet. The currency is the org's.
absl::StatusOr<Bill> NewBill(const TillContext& till, const BillInput& in);

// YYYY-MM-DD of `t` in the IANA zone `time_zone`.
absl::StatusOr<std::string> BusinessDate(absl::Time t, const std::string& time_zone);

// Fingerprint of everything the till sent, for idempotent replays.
std::string BillFingerprint(const TillContext& till, const BillInput& in);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_PRICING_H_
