#include "server/domain/pricing.h"

#include <set>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "common/digest.h"
#include "common/money.h"
#include "common/quantity.h"
#include "common/validation.h"
#include "server/domain/returns.h"

namespace tillstream {
namespace {

// The org's earliest billing date is checked later; this only keeps times sane.
const absl::Time kEarliestBillingTime = absl::UnixEpoch();
constexpr absl::Duration kMaxClockAhead = absl::Hours(24);

absl::Status CheckQuantity(absl::string_view field, int64_t quantity_milli) {
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

}  // namespace

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
  if (auto s = CheckQuantity("quantity", quantity_milli); !s.ok()) return s;
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

absl::Status ValidateBillInput(const BillInput& in, absl::Time now) {
  if (auto s = CheckUuid("bill_id", in.bill_id); !s.ok()) return s;
  if (!in.bill_number.empty()) {  // whether one is required is the org's rule
    if (auto s = CheckBillNumber("bill_number", in.bill_number); !s.ok()) return s;
  }
  if (in.billing_time > now + kMaxClockAhead) {
    return FieldError("billing_time",
                      absl::StrCat("is ", absl::FormatTime(in.billing_time),
                                   ", more than 24 h ahead of the server "
                                   "clock; check the till's clock"));
  }
  if (in.billing_time < kEarliestBillingTime) {
    return FieldError("billing_time", "is before 1970-01-01");
  }
  if (in.return_of) {
    // The server builds a return's lines from the original bill.
    if (!in.lines.empty()) return FieldError("lines", "must be empty on a return");
    if (in.sale_discount_minor != 0)
      return FieldError("sale_discount", "is not for returns");
  } else if (in.lines.empty()) {
    return FieldError("lines", "must hold at least one line");
  }
  if (in.lines.size() > kMaxBillLines) {
    return FieldError("lines", absl::StrCat("holds ", in.lines.size(),
                                            " lines; the limit is ", kMaxBillLines));
  }
  std::set<int32_t> line_numbers;
  for (size_t i = 0; i < in.lines.size(); ++i) {
    const BillLineInput& l = in.lines[i];
    const std::string field = absl::StrCat("lines[", i, "]");
    if (l.line_no <= 0) {
      return FieldError(field + ".line_no", "must be positive");
    }
    if (!line_numbers.insert(l.line_no).second) {
      return FieldError(field + ".line_no",
                        absl::StrCat("repeats line number ", l.line_no));
    }
    if (auto s = CheckCode(field + ".sku", l.sku); !s.ok()) return s;
    if (auto s = CheckQuantity(field + ".quantity_milli", l.quantity_milli); !s.ok()) {
      return s;
    }
    if (l.discount_minor < 0 || l.discount_minor > kMaxAbsMinorUnits) {
      return FieldError(field + ".discount",
                        "must be zero or positive, within the amount limit");
    }
  }
  if (in.return_of) {
    if (auto s = ValidateReturnRequest(*in.return_of); !s.ok()) return s;
  }
  if (in.sale_discount_minor < 0 || in.sale_discount_minor > kMaxAbsMinorUnits) {
    return FieldError("sale_discount",
                      "must be zero or positive, within the amount limit");
  }
  if (in.tenders.size() > kMaxTenders) {
    return FieldError("tenders", absl::StrCat("holds ", in.tenders.size(),
                                              " tenders; the limit is ", kMaxTenders));
  }
  for (size_t i = 0; i < in.tenders.size(); ++i) {
    const Tender& t = in.tenders[i];
    const std::string field = absl::StrCat("tenders[", i, "]");
    if (t.amount_minor <= 0 || t.amount_minor > kMaxAbsMinorUnits) {
      return FieldError(field + ".amount",
                        "must be positive and within the amount limit");
    }
    if (auto s = CheckText(field + ".reference", t.reference, 64, true); !s.ok()) {
      return s;
    }
  }
  if (!in.customer_id.empty()) {
    if (auto s = CheckUuid("customer_id", in.customer_id); !s.ok()) return s;
  }
  return absl::OkStatus();
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

absl::Status SettleBill(const BillInput& in, Bill* bill) {
  const std::string& cur = bill->currency;
  if (in.client_total_minor != bill->total_minor) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the till's total ", FormatMoney(in.client_total_minor, cur),
        " differs from the server's total ", FormatMoney(bill->total_minor, cur), " ",
        cur, "; prices may have changed: re-scan the bill"));
  }
  int64_t cash = 0;
  int64_t non_cash = 0;
  for (const Tender& t : in.tenders) {
    int64_t& sum = t.type == TenderType::kCash ? cash : non_cash;
    auto next = AddMoney(sum, t.amount_minor);
    if (!next.ok()) return FieldError("tenders", "add up to more than the limit");
    sum = *next;
  }
  if (non_cash > bill->total_minor) {
    return FieldError(
        "tenders",
        absl::StrCat("non-cash tenders of ", FormatMoney(non_cash, cur),
                     " exceed the total of ", FormatMoney(bill->total_minor, cur),
                     "; change is given only on cash"));
  }
  bill->tendered_minor = cash + non_cash;
  if (bill->tendered_minor < bill->total_minor) {
    return absl::FailedPreconditionError(absl::StrCat(
        "tenders of ", FormatMoney(bill->tendered_minor, cur),
        " do not cover the total of ", FormatMoney(bill->total_minor, cur), " ", cur));
  }
  bill->change_minor = bill->tendered_minor - bill->total_minor;
  bill->tenders = in.tenders;
  return absl::OkStatus();
}

absl::StatusOr<std::string> BusinessDate(absl::Time t, const std::string& time_zone) {
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(time_zone, &tz)) {
    return absl::InternalError(
        absl::StrCat("time zone '", time_zone, "' cannot be loaded"));
  }
  return absl::FormatTime("%Y-%m-%d", t, tz);
}

std::string BillFingerprint(const TillContext& till, const BillInput& in) {
  // Length-prefixed fields, so that no two different inputs concatenate alike.
  std::string canon;
  const auto put = [&canon](absl::string_view field) {
    absl::StrAppend(&canon, field.size(), ":", field, ";");
  };
  put(till.org.org_id);
  put(till.store.store_id);
  put(till.till_id);
  put(in.bill_id);
  put(in.bill_number);
  put(absl::StrCat(absl::ToUnixMicros(in.billing_time)));
  put(in.client_currency);
  put(absl::StrCat(in.client_total_minor));
  put(in.customer_id);
  for (const BillLineInput& l : in.lines) {
    put(absl::StrCat(l.line_no));
    put(l.sku);
    put(absl::StrCat(l.quantity_milli));
    // Discounts only when given, so fingerprints of bills stored before
    // discounts existed still match their replays. "d" cannot follow a
    // quantity otherwise, so this stays unambiguous.
    if (l.discount_minor != 0) put(absl::StrCat("d", l.discount_minor));
  }
  if (in.sale_discount_minor != 0) put(absl::StrCat("sale", in.sale_discount_minor));
  if (in.return_of) {
    const ReturnRequest& r = *in.return_of;
    put("return");
    put(r.original.bill_id);
    put(r.original.store_id);
    put(r.original.bill_number);
    put(r.original.business_date);
    put(absl::StrCat(static_cast<int>(r.type)));
    put(absl::StrCat(r.amount_minor));
    put(r.reason);
    for (const ReturnLineRequest& l : r.lines) {
      put(absl::StrCat(l.original_line_no, "/", l.quantity_milli, "/", l.amount_minor));
    }
  }
  put("tenders");
  for (const Tender& t : in.tenders) {
    put(absl::StrCat(static_cast<int>(t.type)));
    put(absl::StrCat(t.amount_minor));
    put(t.reference);
  }
  return Sha256Hex(canon);
}

}  // namespace tillstream
