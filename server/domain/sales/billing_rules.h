// The org's billing rules: how bill numbers look and whether they must be
// unique, which amounts are acceptable, and what status a bill gets.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_BILLING_RULES_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_BILLING_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/money.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

// Stored (billing_configs.out_of_range_action) and sent: do not renumber.
enum class OutOfRangeAction { kFlag = 1, kReject = 2 };
static_assert(static_cast<int>(OutOfRangeAction::kFlag) == 1);
static_assert(static_cast<int>(OutOfRangeAction::kReject) == 2);

inline constexpr int kMaxUniqueWindowDays = 3650;

struct BillingConfig {
  bool bill_number_required = true;
  std::string bill_number_pattern;  // RE2, whole number; empty: any
  bool bill_number_unique = false;
  UniquenessScope unique_scope = UniquenessScope::kOrg;
  int32_t unique_window_days = 30;
  std::optional<int64_t> min_amount_minor;
  std::optional<int64_t> max_amount_minor;
  OutOfRangeAction out_of_range_action = OutOfRangeAction::kFlag;
  std::vector<std::string> outlier_prefixes;
  std::vector<std::string> outlier_store_ids;
  bool test_mode = false;
  absl::CivilDay earliest_billing_date = absl::CivilDay(1995, 1, 1);
  bool prices_exclude_tax = false;
  Rounding tax_rounding = Rounding::kHalfUp;
  bool return_bill_number_unique = false;
  // Cashiers: every bill needs a signed-in cashier; returns and discounts
  // above supervisor_discount_bp of the gross (0: no limit) need a
  // supervisor's approval.
  bool require_cashier = false;
  int32_t supervisor_discount_bp = 0;
  // How long a replaced catalog version's prices stand on offline bills.
  int32_t offline_price_grace_seconds = 900;
};

struct BillingConfigVersion {
  std::string org_id;
  int32_t version = 0;  // 0: never set, the defaults apply
  BillingConfig config;
  std::string changed_by;
  absl::Time changed_at;
  std::string reason;
};

struct Classification {
  BillStatus status = BillStatus::kRegular;
  std::vector<std::string> warnings;
};

// Refuses a configuration the server could not apply: a pattern RE2 cannot
// compile, a window outside 1..3650 days, min above max, bad codes.
absl::Status ValidateBillingConfig(const BillingConfig& config);

// Required and pattern rules for a bill number ("" when the till sent none).
absl::Status CheckBillNumberRules(const BillingConfig& config, const std::string& number);

// The billing time may not fall before the earliest date (in the org's zone).
absl::Status CheckEarliestBillingTime(const BillingConfig& config,
                                      absl::Time billing_time,
                                      const std::string& time_zone);

// What overrides REJECT: a supervisor's approval going with the bill, or
// the bill having been paid offline (the till could not ask).
enum class Override { kNone, kSupervisor, kPaidOffline };

// The bill's status. Out-of-range amounts are OUTLIER with FLAG and
// FAILED_PRECONDITION with REJECT, unless a supervisor overrides (then
// OUTLIER, the warning saying so); a zero amount, an outlier number prefix
// or an outlier store also make an OUTLIER. Precedence: TEST, OUTLIER, then
// REGULAR (customer) or NOT_INTERESTED (anonymous).
absl::StatusOr<Classification> ClassifyBill(const BillingConfig& config, const Bill& bill,
                                            Override override = Override::kNone);

// The claim the bill makes, or nullopt when numbers need not be unique or the
// bill has no number.
std::optional<NumberClaim> ClaimFor(const BillingConfig& config, const Bill& bill);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_BILLING_RULES_H_
