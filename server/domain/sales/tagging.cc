#include "server/domain/sales/tagging.h"

#include "absl/strings/str_cat.h"

namespace tillstream {

absl::Status CheckRetroTag(const LoyaltyConfig& config, const StoredBill& stored,
                           bool has_returns, absl::Time now) {
  const Bill& bill = stored.bill;
  if (!config.retro_tag_enabled) {
    return absl::FailedPreconditionError(
        "this org does not allow tagging customers onto bills after the sale");
  }
  if (bill.type != BillType::kSale) {
    return absl::FailedPreconditionError("only sales can be tagged, not returns");
  }
  if (!bill.customer_id.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "bill ", bill.bill_number, " already belongs to customer ", bill.customer_id));
  }
  if (bill.status != BillStatus::kNotInterested) {
    return absl::FailedPreconditionError(
        absl::StrCat("bill ", bill.bill_number, " is ", BillStatusName(bill.status),
                     "; only anonymous (NOT_INTERESTED) bills can be tagged"));
  }
  if (has_returns) {
    return absl::FailedPreconditionError(absl::StrCat(
        "bill ", bill.bill_number, " has returns; it can no longer be tagged"));
  }
  if (now - bill.billing_time > absl::Hours(24) * config.retro_tag_max_age_days) {
    return absl::FailedPreconditionError(absl::StrCat(
        "bill ", bill.bill_number, " is older than ", config.retro_tag_max_age_days,
        " days, the most this org allows for tagging a customer afterwards"));
  }
  return absl::OkStatus();
}

}  // namespace tillstream
