#include "client/receipt.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/enum_names.h"
#include "common/money.h"
#include "common/quantity.h"

namespace tillstream {
namespace {

const char* UnitSuffix(pos::v1::UnitOfMeasure unit) {
  return EnumName(unit, {"", " kg", " l", " m"}, "");
}

std::string Amount(const pos::v1::Money& m) {
  return FormatMoney(m.minor_units(), m.currency());
}

const char* TenderName(pos::v1::TenderType type) {
  return EnumName(type, {"Cash", "Card", "Voucher", "Other", "Points", "Coupon"},
                  "Other");
}

}  // namespace

std::string FormatMoneyWithCode(const pos::v1::Money& money) {
  return absl::StrCat(FormatMoney(money.minor_units(), money.currency()), " ",
                      money.currency());
}

std::string FormatLine(const pos::v1::PricedLine& line) {
  const std::string qty = absl::StrCat(FormatQuantity(line.quantity().milli()),
                                       UnitSuffix(line.quantity().unit()));
  // Before discounts, in the catalog's price basis; the receipt lists
  // discounts and tax below.
  const pos::v1::Money& shown = line.has_gross() ? line.gross() : line.amount();
  return absl::StrFormat("%3d  %-24.24s %8s x %8s %10s", line.line_no(), line.name(), qty,
                         Amount(line.unit_price()), Amount(shown));
}

std::string FormatReceipt(const pos::v1::BillReceipt& r, const pos::v1::HelloAck& store) {
  std::string out;
  absl::StrAppend(&out, "========================================================\n");
  absl::StrAppendFormat(&out, "%s - %s\n", store.org_name(), store.store_name());
  absl::StrAppendFormat(&out, "Till %s   Bill %s   %s\n", r.till_id(), r.bill_number(),
                        r.business_date());
  if (r.type() == pos::v1::RETURN) {
    absl::StrAppend(&out, "RETURN of bill ", r.original_bill_id(), "\n");
  }
  if (!r.cashier_id().empty()) absl::StrAppend(&out, "Cashier ", r.cashier_id(), "\n");
  if (!r.approved_by().empty()) {
    absl::StrAppend(&out, "Approved by supervisor ", r.approved_by(), "\n");
  }
  absl::StrAppend(&out, "--------------------------------------------------------\n");
  for (const auto& l : r.lines()) {
    absl::StrAppend(&out, FormatLine(l), "\n");
    const int64_t off = l.item_discount().minor_units() + l.sale_discount().minor_units();
    if (off != 0) {
      absl::StrAppendFormat(&out, "     %-47s %10s\n", "discount",
                            "-" + FormatMoney(off, l.gross().currency()));
    }
  }
  absl::StrAppend(&out, "--------------------------------------------------------\n");
  absl::StrAppendFormat(&out, "%-40s %10s %s\n", "TOTAL", Amount(r.total()),
                        r.total().currency());
  const bool tax_added = r.total().minor_units() == r.subtotal().minor_units() -
                                                        r.discount_total().minor_units() +
                                                        r.tax_total().minor_units() &&
                         r.tax_total().minor_units() != 0;
  absl::StrAppendFormat(&out, "%-40s %10s\n", tax_added ? "  tax added" : "  incl. tax",
                        Amount(r.tax_total()));
  for (const auto& t : r.tenders()) {
    absl::StrAppendFormat(&out, "%-40s %10s\n", TenderName(t.type()), Amount(t.amount()));
  }
  if (r.change().minor_units() != 0) {
    absl::StrAppendFormat(&out, "%-40s %10s\n", "Change", Amount(r.change()));
  }
  if (r.has_loyalty()) {
    const auto& l = r.loyalty();
    if (l.points_redeemed() != 0)
      absl::StrAppend(&out, "Points redeemed ", l.points_redeemed(), "\n");
    if (l.points_earned() != 0)
      absl::StrAppend(&out, "Points earned ", l.points_earned(), "\n");
    if (l.points_refunded() != 0)
      absl::StrAppend(&out, "Points given back ", l.points_refunded(), "\n");
    if (l.points_reversed() != 0)
      absl::StrAppend(&out, "Points taken back ", l.points_reversed(), "\n");
    for (const auto& c : l.coupons()) absl::StrAppend(&out, "Coupon ", c, " used\n");
    if (!r.customer_id().empty())
      absl::StrAppend(&out, "Points balance ", l.balance_after(), "\n");
  }
  for (const auto& w : r.warnings()) absl::StrAppend(&out, "NOTE: ", w, "\n");
  if (r.status() == pos::v1::TEST) absl::StrAppend(&out, "TEST BILL - not a sale\n");
  if (r.offline())
    absl::StrAppend(&out, "Rung offline: prices from this till's catalog\n");
  absl::StrAppendFormat(&out, "bill id %s%s\n", r.bill_id(),
                        r.replayed() ? " (already recorded)" : "");
  absl::StrAppend(&out, "========================================================\n");
  return out;
}

}  // namespace tillstream
