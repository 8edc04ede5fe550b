#include "server/domain/sales/billing_rules.h"

#include <re2/re2.h>

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/validation.h"

namespace tillstream {
namespace {

// Bill numbers are checked on every submit; compiling the org's pattern once
// per thread and pattern keeps that cheap.
const RE2& CompiledPattern(const std::string& pattern) {
  thread_local std::string cached_pattern;
  thread_local std::unique_ptr<RE2> cached;
  if (!cached || cached_pattern != pattern) {
    RE2::Options options;
    options.set_log_errors(false);
    cached = std::make_unique<RE2>(pattern, options);
    cached_pattern = pattern;
  }
  return *cached;
}

}  // namespace

absl::Status ValidateBillingConfig(const BillingConfig& c) {
  if (c.bill_number_pattern.size() > 200) {
    return FieldError("bill_number_pattern", "is longer than 200 characters");
  }
  if (!c.bill_number_pattern.empty()) {
    RE2::Options options;
    options.set_log_errors(false);
    const RE2 re(c.bill_number_pattern, options);
    if (!re.ok()) {
      return FieldError("bill_number_pattern",
                        absl::StrCat("is not a valid RE2 expression: ", re.error()));
    }
  }
  if (c.unique_window_days < 1 || c.unique_window_days > kMaxUniqueWindowDays) {
    return FieldError("unique_window_days",
                      absl::StrCat("must be between 1 and ", kMaxUniqueWindowDays));
  }
  if (c.min_amount_minor &&
      (*c.min_amount_minor < 0 || *c.min_amount_minor > kMaxAbsMinorUnits)) {
    return FieldError("min_amount", "must be zero or positive");
  }
  if (c.max_amount_minor &&
      (*c.max_amount_minor < 0 || *c.max_amount_minor > kMaxAbsMinorUnits)) {
    return FieldError("max_amount", "must be zero or positive");
  }
  if (c.min_amount_minor && c.max_amount_minor &&
      *c.min_amount_minor > *c.max_amount_minor) {
    return FieldError("min_amount", "is above max_amount");
  }
  if (c.offline_price_grace_seconds < 1 || c.offline_price_grace_seconds > 86400) {
    return FieldError("offline_price_grace_seconds",
                      "must be 1 to 86400 seconds (0 sets the default, 900)");
  }
  if (c.supervisor_discount_bp < 0 || c.supervisor_discount_bp > 10000) {
    return FieldError("supervisor_discount_bp", "must be 0 (no limit) to 10000 (100 %)");
  }
  if (c.outlier_prefixes.size() > 50)
    return FieldError("outlier_bill_number_prefixes", "holds more than 50");
  for (size_t i = 0; i < c.outlier_prefixes.size(); ++i) {
    if (auto s = CheckBillNumber(absl::StrCat("outlier_bill_number_prefixes[", i, "]"),
                                 c.outlier_prefixes[i]);
        !s.ok()) {
      return s;
    }
  }
  if (c.outlier_store_ids.size() > 1000)
    return FieldError("outlier_store_ids", "holds more than 1000");
  for (size_t i = 0; i < c.outlier_store_ids.size(); ++i) {
    if (auto s =
            CheckCode(absl::StrCat("outlier_store_ids[", i, "]"), c.outlier_store_ids[i]);
        !s.ok()) {
      return s;
    }
  }
  if (c.earliest_billing_date < absl::CivilDay(1970, 1, 1) ||
      c.earliest_billing_date > absl::CivilDay(2999, 12, 31)) {
    return FieldError("earliest_billing_date", "must lie between 1970 and 2999");
  }
  return absl::OkStatus();
}

absl::Status CheckBillNumberRules(const BillingConfig& config,
                                  const std::string& number) {
  if (number.empty()) {
    if (config.bill_number_required) {
      return FieldError("bill_number", "is required by the org's billing rules");
    }
    return absl::OkStatus();
  }
  if (!config.bill_number_pattern.empty() &&
      !RE2::FullMatch(number, CompiledPattern(config.bill_number_pattern))) {
    return FieldError("bill_number",
                      absl::StrCat("'", number, "' does not match the org's pattern ",
                                   config.bill_number_pattern));
  }
  return absl::OkStatus();
}

absl::Status CheckEarliestBillingTime(const BillingConfig& config,
                                      absl::Time billing_time,
                                      const std::string& time_zone) {
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(time_zone, &tz)) {
    return absl::InternalError(
        absl::StrCat("time zone '", time_zone, "' cannot be loaded"));
  }
  if (absl::ToCivilDay(billing_time, tz) < config.earliest_billing_date) {
    return FieldError("billing_time",
                      absl::StrCat("is before the org's earliest billing date ",
                                   absl::FormatCivilTime(config.earliest_billing_date)));
  }
  return absl::OkStatus();
}

absl::StatusOr<Classification> ClassifyBill(const BillingConfig& config, const Bill& bill,
                                            Override override) {
  Classification result;
  if (bill.type ==
      BillType::kReturn) {  // amounts and numbers were the original's business
    result.status = config.test_mode           ? BillStatus::kTest
                    : bill.customer_id.empty() ? BillStatus::kNotInterested
                                               : BillStatus::kRegular;
    return result;
  }
  const std::string& cur = bill.currency;
  const bool below =
      config.min_amount_minor && bill.total_minor < *config.min_amount_minor;
  const bool above =
      config.max_amount_minor && bill.total_minor > *config.max_amount_minor;
  if (below || above) {
    const std::string why =
        below ? absl::StrCat("total ", FormatMoney(bill.total_minor, cur),
                             " is below the minimum ",
                             FormatMoney(*config.min_amount_minor, cur), " ", cur)
              : absl::StrCat("total ", FormatMoney(bill.total_minor, cur),
                             " is above the maximum ",
                             FormatMoney(*config.max_amount_minor, cur), " ", cur);
    if (config.out_of_range_action != OutOfRangeAction::kReject) {
      result.warnings.push_back(why);
    } else if (override == Override::kSupervisor) {
      result.warnings.push_back(absl::StrCat(why, ", stored on a supervisor's approval"));
    } else if (override == Override::kPaidOffline) {
      result.warnings.push_back(absl::StrCat(
          why, ", stored although the rules say REJECT: it was paid offline"));
    } else {
      return absl::FailedPreconditionError(
          absl::StrCat("bill refused: ", why,
                       " (a supervisor's approval of the bill overrides this rule)"));
    }
  }
  if (bill.total_minor == 0) result.warnings.push_back("total is zero");
  for (const std::string& prefix : config.outlier_prefixes) {
    if (absl::StartsWith(bill.bill_number, prefix)) {
      result.warnings.push_back(
          absl::StrCat("bill number starts with outlier prefix '", prefix, "'"));
      break;
    }
  }
  for (const std::string& store : config.outlier_store_ids) {
    if (bill.store_id == store) {
      result.warnings.push_back(absl::StrCat("store ", store, " is on the outlier list"));
      break;
    }
  }
  if (config.test_mode) {
    result.status = BillStatus::kTest;
  } else if (!result.warnings.empty()) {
    result.status = BillStatus::kOutlier;
  } else {
    result.status =
        bill.customer_id.empty() ? BillStatus::kNotInterested : BillStatus::kRegular;
  }
  return result;
}

std::optional<NumberClaim> ClaimFor(const BillingConfig& config, const Bill& bill) {
  const bool is_return = bill.type == BillType::kReturn;
  const bool unique =
      is_return ? config.return_bill_number_unique : config.bill_number_unique;
  if (!unique || bill.bill_number.empty()) return std::nullopt;
  NumberClaim claim;
  claim.scope = config.unique_scope;
  claim.window_days = config.unique_window_days;
  switch (config.unique_scope) {
    case UniquenessScope::kOrg:
      break;
    case UniquenessScope::kStore:
      claim.scope_key = bill.store_id;
      break;
    case UniquenessScope::kTill:
      claim.scope_key = absl::StrCat(bill.store_id, "/", bill.till_id);
      break;
  }
  // Returns have their own numbering: their claims never meet a sale's.
  if (is_return) claim.scope_key = "R|" + claim.scope_key;
  return claim;
}

}  // namespace tillstream
