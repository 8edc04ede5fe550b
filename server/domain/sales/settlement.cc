#include "server/domain/sales/settlement.h"

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/validation.h"

namespace tillstream {

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

absl::Status SettleReturn(const BillInput& in, Bill* bill) {
  const std::string& cur = bill->currency;
  if (in.client_total_minor != bill->total_minor) {
    return absl::FailedPreconditionError(
        absl::StrCat("the till's refund ", FormatMoney(in.client_total_minor, cur),
                     " differs from the server's ", FormatMoney(bill->total_minor, cur),
                     " ", cur, "; quote the return first"));
  }
  int64_t paid_back = 0;
  for (const Tender& t : in.tenders) paid_back += t.amount_minor;
  if (paid_back != -bill->total_minor) {
    return absl::FailedPreconditionError(absl::StrCat(
        "refund tenders of ", FormatMoney(paid_back, cur), " must pay back exactly ",
        FormatMoney(-bill->total_minor, cur), " ", cur));
  }
  bill->tenders = in.tenders;
  for (Tender& t : bill->tenders) t.amount_minor = -t.amount_minor;
  bill->tendered_minor = -paid_back;
  bill->change_minor = 0;
  return absl::OkStatus();
}

}  // namespace tillstream
