#include "server/domain/sales/pricing.h"

#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "common/business_date.h"
#include "common/money.h"
#include "common/quantity.h"
#include "common/validation.h"

namespace tillstream {

absl::Status CheckLineQuantity(absl::string_view field, int64_t quantity_milli) {
  if (quantity_milli <= 0) {
    return FieldError(
        field, absl::StrCat("must be positive, got ", FormatQuantity(quantity_milli)));
  }
  if (quantity_milli > kMaxQuantityMilli) {
    return FieldError(field, absl::StrCat("is ", FormatQuantity(quantity_milli),
                                          "; the limit per line is ",
                                          FormatQuantity(kMaxQuantityMilli)));
  }
  return absl::OkStatus();
}

TaxPolicy TaxPolicyOf(const BillingConfig& config) {
  return TaxPolicy{config.prices_exclude_tax, config.tax_rounding};
}

namespace {

// Fills net amount and tax of a line whose gross and discounts are set.
absl::Status FinishLine(const TaxPolicy& policy, PricedLine* line) {
  const int64_t net =
      line->gross_minor - line->item_discount_minor - line->sale_discount_minor;
  const int64_t rate = line->tax_rate_bp;
  if (policy.prices_exclude_tax) {
    auto tax = MulDivRound(net, rate, 10000, policy.rounding);
    if (!tax.ok()) return tax.status();
    line->tax_minor = *tax;
    line->amount_minor = net + *tax;
  } else {
    auto tax = MulDivRound(net, rate, 10000 + rate, policy.rounding);
    if (!tax.ok()) return tax.status();
    line->tax_minor = *tax;
    line->amount_minor = net;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PricedLine> PriceLine(const CatalogItem& item, int64_t quantity_milli,
                                     int32_t line_no, const std::string& barcode,
                                     const TaxPolicy& policy) {
  if (auto s = CheckLineQuantity("quantity", quantity_milli); !s.ok()) return s;
  if (item.uom == Uom::kEach && quantity_milli % kMilliPerUnit != 0) {
    return FieldError("quantity",
                      absl::StrCat("must be a whole number for ", item.sku,
                                   " (sold each), got ", FormatQuantity(quantity_milli)));
  }
  auto gross = MulDivRoundHalfUp(item.unit_price_minor, quantity_milli, kMilliPerUnit);
  if (!gross.ok()) {
    return FieldError("quantity", absl::StrCat("times the price of ", item.sku,
                                               " exceeds the amount limit"));
  }
  PricedLine line;
  line.line_no = line_no;
  line.sku = item.sku;
  line.barcode = barcode;
  line.name = item.name;
  line.quantity_milli = quantity_milli;
  line.uom = item.uom;
  line.unit_price_minor = item.unit_price_minor;
  line.gross_minor = *gross;
  line.tax_rate_bp = item.tax_rate_bp;
  if (auto s = FinishLine(policy, &line); !s.ok()) return s;
  return line;
}

absl::StatusOr<Bill> PriceBill(const TillContext& till, const BillInput& in,
                               const std::vector<CatalogItem>& items,
                               const TaxPolicy& policy) {
  if (in.client_currency != till.org.currency) {
    return FieldError("client_total.currency",
                      absl::StrCat("is '", in.client_currency, "' but ", till.org.org_id,
                                   " bills in ", till.org.currency));
  }
  std::unordered_map<std::string, const CatalogItem*> by_sku;
  for (const CatalogItem& item : items) by_sku[item.sku] = &item;

  auto created = NewBill(till, in);
  if (!created.ok()) return created.status();
  Bill& bill = *created;

  // Gross and item discount per line; what remains weighs the sale discount.
  std::vector<int64_t> after_item_discount;
  for (size_t i = 0; i < in.lines.size(); ++i) {
    const BillLineInput& l = in.lines[i];
    const std::string field = absl::StrCat("lines[", i, "]");
    auto it = by_sku.find(l.sku);
    if (it == by_sku.end()) {
      return absl::NotFoundError(absl::StrCat(
          field, ".sku '", l.sku, "' is not in the catalog of ", till.org.org_id));
    }
    auto line = PriceLine(*it->second, l.quantity_milli, l.line_no, "", policy);
    if (!line.ok()) return FieldError(field, line.status().message());
    if (l.discount_minor > line->gross_minor) {
      return FieldError(field + ".discount",
                        absl::StrCat("of ", FormatMoney(l.discount_minor, bill.currency),
                                     " is more than the line's ",
                                     FormatMoney(line->gross_minor, bill.currency)));
    }
    line->item_discount_minor = l.discount_minor;
    after_item_discount.push_back(line->gross_minor - l.discount_minor);
    bill.lines.push_back(*std::move(line));
  }
  int64_t discountable = 0;
  for (int64_t a : after_item_discount) discountable += a;  // each < 10^15, at most 500
  if (in.sale_discount_minor > discountable) {
    return FieldError(
        "sale_discount",
        absl::StrCat("of ", FormatMoney(in.sale_discount_minor, bill.currency),
                     " is more than the bill's ",
                     FormatMoney(discountable, bill.currency), " after item discounts"));
  }
  auto shares = Apportion(in.sale_discount_minor, after_item_discount);
  if (!shares.ok()) return shares.status();

  for (size_t i = 0; i < bill.lines.size(); ++i) {
    PricedLine& line = bill.lines[i];
    line.sale_discount_minor = (*shares)[i];
    if (auto s = FinishLine(policy, &line); !s.ok()) return s;
    auto subtotal = AddMoney(bill.subtotal_minor, line.gross_minor);
    auto total = AddMoney(bill.total_minor, line.amount_minor);
    auto tax = AddMoney(bill.tax_minor, line.tax_minor);
    if (!subtotal.ok() || !total.ok() || !tax.ok()) {
      return FieldError("lines", "add up to more than the amount limit");
    }
    bill.subtotal_minor = *subtotal;
    bill.total_minor = *total;
    bill.tax_minor = *tax;
    bill.discount_minor += line.item_discount_minor + line.sale_discount_minor;
  }
  return created;
}

absl::StatusOr<Bill> NewBill(const TillContext& till, const BillInput& in) {
  Bill bill;
  bill.org_id = till.org.org_id;
  bill.store_id = till.store.store_id;
  bill.till_id = till.till_id;
  bill.bill_id = in.bill_id;
  bill.bill_number = in.bill_number;
  bill.billing_time = in.billing_time;
  bill.currency = till.org.currency;
  bill.customer_id = in.customer_id;
  auto date = BusinessDate(in.billing_time, till.org.time_zone);
  if (!date.ok()) return date.status();
  bill.business_date = *date;
  return bill;
}

}  // namespace tillstream
