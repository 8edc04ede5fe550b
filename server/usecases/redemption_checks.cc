#include "server/usecases/redemption_checks.h"

#include "common/money.h"
#include "common/validation.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/loyalty/loyalty_repository.h"
#include "server/domain/loyalty/points.h"

namespace tillstream {

absl::StatusOr<PointsCheck> RedemptionChecks::CheckPoints(const Org& org,
                                                          const std::string& customer_id,
                                                          int64_t points) {
  if (auto s = CheckUuid("customer_id", customer_id); !s.ok()) return s;
  if (points <= 0) return FieldError("points", "must be positive");
  auto customer = repos_.customers->FindById(org.org_id, customer_id);
  if (!customer.ok()) return customer.status();
  auto rules = repos_.loyalty->GetLoyaltyConfig(org.org_id);
  if (!rules.ok()) return rules.status();
  const LoyaltyConfig& config = rules->config;
  auto balance = repos_.loyalty->GetBalance(org.org_id, customer_id);
  if (!balance.ok()) return balance.status();
  PointsCheck check;
  check.available = balance->available;
  if (points > kMaxAbsMinorUnits / config.point_value_minor) {
    return FieldError("points", "is too large");
  }
  check.value_minor = points * config.point_value_minor;
  const absl::Status s = CheckRedeemable(config, balance->available, points);
  if (!s.ok()) {
    check.reason = std::string(s.message());
    return check;
  }
  check.redeemable = true;
  if (config.require_validation_code) {
    auto code = repos_.loyalty->IssueValidationCode(
        org.org_id, customer_id, NewValidationCode(), clock_(),
        absl::Minutes(config.validation_code_minutes));
    if (!code.ok()) return code.status();
    check.validation_code = code->code;
    check.code_expires_at = code->expires_at;
  }
  return check;
}

absl::StatusOr<CouponCheck> RedemptionChecks::CheckCoupon(const Org& org,
                                                          const std::string& code,
                                                          const std::string& customer_id,
                                                          int64_t amount_minor) {
  if (auto s = CheckCode("code", code); !s.ok()) return s;
  if (amount_minor < 0) return FieldError("amount", "must not be negative");
  if (!customer_id.empty()) {
    if (auto s = CheckUuid("customer_id", customer_id); !s.ok()) return s;
  }
  auto coupon = repos_.loyalty->GetCoupon(org.org_id, code);
  if (!coupon.ok()) return coupon.status();
  auto today = TodayAt(org, clock_());
  if (!today.ok()) return today.status();
  CouponCheck check;
  check.coupon = *coupon;
  // Without an amount, the question is whether its whole value can be used.
  const int64_t amount = amount_minor > 0 ? amount_minor : coupon->value_minor;
  const absl::Status s = CheckCouponRedeemable(*coupon, customer_id, *today, amount);
  check.redeemable = s.ok();
  if (!s.ok()) check.reason = std::string(s.message());
  return check;
}

}  // namespace tillstream
