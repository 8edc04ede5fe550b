#include "server/domain/pricing.h"

#include <set>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "common/digest.h"
#include "common/money.h"
#include "common/quantity.h"
#include "common/validation.h"

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

absl::StatusOr<PricedLine> PriceLine(const CatalogItem& item, int64_t quantity_milli,
                                     int32_t line_no, const std::string& barcode) {
  if (auto s = CheckQuantity("quantity", quantity_milli); !s.ok()) return s;
  if (item.uom == Uom::kEach && quantity_milli % kMilliPerUnit != 0) {
    return FieldError("quantity",
                      absl::StrCat("must be a whole number for ", item.sku,
                                   " (sold each), got ", FormatQuantity(quantity_milli)));
  }
  auto amount = MulDivRoundHalfUp(item.unit_price_minor, quantity_milli, kMilliPerUnit);
  if (!amount.ok()) {
    return FieldError("quantity", absl::StrCat("times the price of ", item.sku,
                                               " exceeds the amount limit"));
  }
  auto tax = MulDivRoundHalfUp(*amount, item.tax_rate_bp,
                               10000 + static_cast<int64_t>(item.tax_rate_bp));
  if (!tax.ok()) return tax.status();
  PricedLine line;
  line.line_no = line_no;
  line.sku = item.sku;
  line.barcode = barcode;
  line.name = item.name;
  line.quantity_milli = quantity_milli;
  line.uom = item.uom;
  line.unit_price_minor = item.unit_price_minor;
  line.amount_minor = *amount;
  line.tax_rate_bp = item.tax_rate_bp;
  line.tax_minor = *tax;
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
  if (in.lines.empty()) return FieldError("lines", "must hold at least one line");
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
                               const std::vector<CatalogItem>& items) {
  if (in.client_currency != till.org.currency) {
    return FieldError("client_total.currency",
                      absl::StrCat("is '", in.client_currency, "' but ", till.org.org_id,
                                   " bills in ", till.org.currency));
  }
  std::unordered_map<std::string, const CatalogItem*> by_sku;
  for (const CatalogItem& item : items) by_sku[item.sku] = &item;

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

  for (size_t i = 0; i < in.lines.size(); ++i) {
    const BillLineInput& l = in.lines[i];
    auto it = by_sku.find(l.sku);
    if (it == by_sku.end()) {
      return absl::NotFoundError(absl::StrCat(
          "lines[", i, "].sku '", l.sku, "' is not in the catalog of ", till.org.org_id));
    }
    auto line = PriceLine(*it->second, l.quantity_milli, l.line_no, "");
    if (!line.ok()) {
      return FieldError(absl::StrCat("lines[", i, "]"), line.status().message());
    }
    auto total = AddMoney(bill.total_minor, line->amount_minor);
    auto tax = AddMoney(bill.tax_minor, line->tax_minor);
    if (!total.ok() || !tax.ok()) {
      return FieldError("lines", "add up to more than the amount limit");
    }
    bill.total_minor = *total;
    bill.tax_minor = *tax;
    bill.lines.push_back(*std::move(line));
  }

  if (in.client_total_minor != bill.total_minor) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the till's total ", FormatMoney(in.client_total_minor, bill.currency),
        " differs from the server's total ", FormatMoney(bill.total_minor, bill.currency),
        " ", bill.currency, "; prices may have changed: re-scan the bill"));
  }

  int64_t cash = 0;
  int64_t non_cash = 0;
  for (const Tender& t : in.tenders) {
    auto sum = AddMoney(t.type == TenderType::kCash ? cash : non_cash, t.amount_minor);
    if (!sum.ok()) return FieldError("tenders", "add up to more than the limit");
    (t.type == TenderType::kCash ? cash : non_cash) = *sum;
  }
  if (non_cash > bill.total_minor) {
    return FieldError(
        "tenders",
        absl::StrCat("non-cash tenders of ", FormatMoney(non_cash, bill.currency),
                     " exceed the total of ",
                     FormatMoney(bill.total_minor, bill.currency),
                     "; change is given only on cash"));
  }
  bill.tendered_minor = cash + non_cash;
  if (bill.tendered_minor < bill.total_minor) {
    return absl::FailedPreconditionError(
        absl::StrCat("tenders of ", FormatMoney(bill.tendered_minor, bill.currency),
                     " do not cover the total of ",
                     FormatMoney(bill.total_minor, bill.currency), " ", bill.currency));
  }
  bill.change_minor = bill.tendered_minor - bill.total_minor;
  bill.tenders = in.tenders;
  return bill;
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
