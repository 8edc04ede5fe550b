#include "server/domain/sales/bill_input.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/validation.h"
#include "server/domain/sales/pricing.h"
#include "server/domain/sales/returns.h"

namespace tillstream {

namespace {

// The org's earliest billing date is checked later; this only keeps times sane.
const absl::Time kEarliestBillingTime = absl::UnixEpoch();
constexpr absl::Duration kMaxClockAhead = absl::Hours(24);

}  // namespace

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
    if (auto s = CheckLineQuantity(field + ".quantity_milli", l.quantity_milli);
        !s.ok()) {
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

}  // namespace tillstream
