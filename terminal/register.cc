#include "terminal/register.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/money.h"
#include "common/quantity.h"

namespace tillstream {
namespace {

const char* UnitSuffix(pos::v1::UnitOfMeasure unit) {
  switch (unit) {
    case pos::v1::KILOGRAM:
      return " kg";
    case pos::v1::LITRE:
      return " l";
    case pos::v1::METRE:
      return " m";
    default:
      return "";
  }
}

std::string Amount(const pos::v1::Money& m) {
  return FormatMoney(m.minor_units(), m.currency());
}

const char* TenderName(pos::v1::TenderType type) {
  switch (type) {
    case pos::v1::CASH:
      return "Cash";
    case pos::v1::CARD:
      return "Card";
    case pos::v1::VOUCHER:
      return "Voucher";
    case pos::v1::POINTS:
      return "Points";
    case pos::v1::COUPON:
      return "Coupon";
    default:
      return "Other";
  }
}

}  // namespace

bool Register::VoidLine(int32_t line_no) {
  auto it = std::find_if(lines_.begin(), lines_.end(),
                         [&](const auto& l) { return l.line_no() == line_no; });
  if (it == lines_.end()) return false;
  lines_.erase(it);
  item_discounts_.erase(line_no);
  quoted_total_.reset();
  return true;
}

bool Register::SetItemDiscount(int32_t line_no, int64_t amount_minor) {
  const bool known = std::any_of(lines_.begin(), lines_.end(),
                                 [&](const auto& l) { return l.line_no() == line_no; });
  if (!known) return false;
  if (amount_minor == 0) {
    item_discounts_.erase(line_no);
  } else {
    item_discounts_[line_no] = amount_minor;
  }
  quoted_total_.reset();
  return true;
}

void Register::Clear() {
  lines_.clear();
  tenders_.clear();
  next_quantity_milli_ = 1000;
  customer_id_.clear();
  item_discounts_.clear();
  sale_discount_minor_ = 0;
  quoted_total_.reset();
}

int64_t Register::Total() const {
  if (quoted_total_) return *quoted_total_;
  int64_t total = 0;
  for (const auto& l : lines_) total += l.amount().minor_units();
  return total;
}

int64_t Register::Tendered() const {
  int64_t sum = 0;
  for (const auto& t : tenders_) sum += t.amount().minor_units();
  return sum;
}

pos::v1::SubmitBill Register::BuildBill(const std::string& bill_id,
                                        const std::string& bill_number,
                                        absl::Time billing_time,
                                        const std::string& currency) const {
  pos::v1::SubmitBill bill;
  bill.set_bill_id(bill_id);
  bill.set_bill_number(bill_number);
  const int64_t micros = absl::ToUnixMicros(billing_time);
  bill.mutable_billing_time()->set_seconds(micros / 1000000);
  bill.mutable_billing_time()->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
  for (const auto& l : lines_) {
    auto* in = bill.add_lines();
    in->set_line_no(l.line_no());
    in->set_sku(l.sku());
    in->set_quantity_milli(l.quantity().milli());
    if (auto d = item_discounts_.find(l.line_no()); d != item_discounts_.end()) {
      in->mutable_discount()->set_minor_units(d->second);
      in->mutable_discount()->set_currency(currency);
    }
  }
  if (sale_discount_minor_ > 0) {
    bill.mutable_sale_discount()->set_minor_units(sale_discount_minor_);
    bill.mutable_sale_discount()->set_currency(currency);
  }
  for (const auto& t : tenders_) *bill.add_tenders() = t;
  bill.mutable_client_total()->set_minor_units(Total());
  bill.mutable_client_total()->set_currency(currency);
  bill.set_customer_id(customer_id_);
  return bill;
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
  absl::StrAppendFormat(&out, "bill id %s%s\n", r.bill_id(),
                        r.replayed() ? " (already recorded)" : "");
  absl::StrAppend(&out, "========================================================\n");
  return out;
}

}  // namespace tillstream
