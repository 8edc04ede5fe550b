// The console's returns: "return ORIGINAL full|line N QTY...|amount X" asks
// the server what the return refunds; "refund" pays it back, under the same
// rule as a sale: only once the return bill is on disk.
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "client/receipt.h"
#include "common/ids.h"
#include "common/money.h"
#include "common/quantity.h"
#include "terminal/console.h"

namespace tillstream {

void Console::StartReturn(const std::vector<std::string>& words) {
  if (!register_.empty()) return Say("! finish or cancel the open bill first");
  pos::v1::ReturnOf of;
  const std::vector<std::string> ref = absl::StrSplit(words[1], ':');
  if (ref.size() == 3) {
    absl::TimeZone tz;
    absl::LoadTimeZone(link_->hello().time_zone(), &tz);
    of.mutable_by_number()->set_store_id(ref[0]);
    of.mutable_by_number()->set_bill_number(ref[1]);
    of.mutable_by_number()->set_business_date(
        ref[2] == "today" ? absl::FormatTime("%Y-%m-%d", absl::Now(), tz) : ref[2]);
  } else {
    of.set_bill_id(words[1]);
  }
  const std::string type = absl::AsciiStrToLower(words[2]);
  if (type == "full" && words.size() == 3) {
    of.set_type(pos::v1::FULL);
  } else if (type == "amount" && words.size() == 4) {
    auto amount = ParseMoney(words[3], currency());
    if (!amount.ok()) return Say(absl::StrCat("! ", amount.status().message()));
    of.set_type(pos::v1::AMOUNT);
    of.mutable_amount()->set_minor_units(*amount);
    of.mutable_amount()->set_currency(currency());
  } else if (type == "line" && words.size() >= 5 && (words.size() - 3) % 3 == 2) {
    of.set_type(pos::v1::LINE_ITEM);
    for (size_t i = 3; i + 1 < words.size(); i += 3) {
      int32_t line_no = 0;
      auto qty = ParseQuantity(words[i + 1]);
      if (!absl::SimpleAtoi(words[i], &line_no) || !qty.ok()) {
        return Say("! return ... line N QTY [line N QTY ...]");
      }
      auto* line = of.add_lines();
      line->set_original_line_no(line_no);
      line->set_quantity_milli(*qty);
      if (i + 3 < words.size() && absl::AsciiStrToLower(words[i + 2]) != "line") {
        return Say("! return ... line N QTY [line N QTY ...]");
      }
    }
  } else {
    return Say("! return ORIGINAL full | line N QTY [line N QTY ...] | amount AMOUNT");
  }
  pos::v1::TillRequest request;
  auto* bill = request.mutable_quote_bill();
  bill->set_bill_id(NewUuid());
  bill->mutable_billing_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  bill->mutable_client_total()->set_currency(currency());
  *bill->mutable_return_of() = of;
  auto r = Ask(request);
  if (!r.ok()) return Say(absl::StrCat("! ", r.status().message()));
  pending_return_ = of;
  pending_refund_ = r->quote().total().minor_units();
  pending_points_value_ = r->quote().loyalty().points_value().minor_units();
  for (const auto& l : r->quote().lines()) Say(FormatLine(l));
  Say(absl::StrCat("REFUND ", FormatMoney(-pending_refund_, currency()), " ", currency(),
                   ": pay it back with refund cash|card"));
}

void Console::Refund(const std::string& how) {
  if (!pending_return_) return Say("! start a return first");
  const auto type = TenderOf(how);
  if (!type) return Say("! refund takes cash, card, voucher or other");
  pos::v1::TenderInput tender;
  tender.set_type(*type);
  // Points the original was paid with go back as points.
  tender.mutable_amount()->set_minor_units(-pending_refund_ - pending_points_value_);
  tender.mutable_amount()->set_currency(currency());
  if (auto s = Reserve(); !s.ok()) return Hold(s);
  pos::v1::SubmitBill bill;
  bill.set_bill_id(reserved_id_);
  bill.set_bill_number(reserved_number_);
  bill.mutable_billing_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  bill.mutable_client_total()->set_minor_units(pending_refund_);
  bill.mutable_client_total()->set_currency(currency());
  *bill.mutable_return_of() = *pending_return_;
  if (pending_points_value_ > 0) {
    auto* points = bill.add_tenders();
    points->set_type(pos::v1::POINTS);
    points->mutable_amount()->set_minor_units(pending_points_value_);
    points->mutable_amount()->set_currency(currency());
  }
  if (tender.amount().minor_units() > 0) *bill.add_tenders() = tender;
  Complete(bill);
}

}  // namespace tillstream
