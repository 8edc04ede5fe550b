// Pricing of single lines and of whole bills, from catalog items.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_PRICING_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_PRICING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/catalog/catalog.h"
#include "server/domain/org/org.h"
#include "server/domain/sales/bill.h"
#include "server/domain/sales/billing_rules.h"

namespace tillstream {

inline constexpr int kMaxBillLines = 500;
inline constexpr int kMaxTenders = 20;
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

// The line quantity rule shared by scans and submitted lines: positive and
// within the per-line limit. INVALID_ARGUMENT names `field`.
absl::Status CheckLineQuantity(absl::string_view field, int64_t quantity_milli);

// Prices every line from `items` (looked up by SKU), applies item discounts,
// apportions the sale discount (see Apportion in common/money.h) and totals
// the bill. Tenders and the till's total are not looked at.
absl::StatusOr<Bill> PriceBill(const TillContext& till, const BillInput& in,
                               const std::vector<CatalogItem>& items,
                               const TaxPolicy& policy);

// A bill of this till with the input's id, number, time and business date;
// no lines yet. The currency is the org's.
absl::StatusOr<Bill> NewBill(const TillContext& till, const BillInput& in);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_PRICING_H_
