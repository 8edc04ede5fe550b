#include "server/domain/loyalty_desk.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/validation.h"
#include "server/domain/customers.h"
#include "server/domain/pricing.h"

namespace tillstream {

absl::StatusOr<absl::CivilDay> LoyaltyDesk::Today(const Org& org) const {
  auto date = BusinessDate(clock_(), org.time_zone);
  if (!date.ok()) return date.status();
  absl::CivilDay day;
  absl::ParseCivilTime(*date, &day);
  return day;
}

absl::StatusOr<CustomerProfile> LoyaltyDesk::Profile(const Org& org,
                                                     const std::string& customer_id) {
  auto today = Today(org);
  if (!today.ok()) return today.status();
  return repos_.customers->GetProfile(org.org_id, customer_id, kProfileLastBills, *today);
}

absl::StatusOr<CustomerProfile> LoyaltyDesk::Lookup(const Org& org,
                                                    const std::string& field,
                                                    IdentifierKind kind,
                                                    const std::string& value) {
  auto normalized = NormalizeIdentifier(field, kind, value, org);
  if (!normalized.ok()) return normalized.status();
  auto customer = repos_.customers->FindCustomer(org.org_id, kind, *normalized);
  if (!customer.ok()) return customer.status();
  return Profile(org, customer->customer_id);
}

absl::StatusOr<std::pair<CustomerProfile, bool>> LoyaltyDesk::Enrol(
    const Org& org, const std::string& prefix, const Customer& customer) {
  if (!customer.customer_id.empty()) {
    if (auto s = CheckUuid(prefix + "customer_id", customer.customer_id); !s.ok())
      return s;
  }
  auto c = NormalizeCustomer(prefix, customer, org, /*need_identifier=*/true);
  if (!c.ok()) return c.status();
  if (c->customer_id.empty()) c->customer_id = NewUuid();
  auto enrolled = repos_.customers->EnrolCustomer(org.org_id, *c);
  if (!enrolled.ok()) return enrolled.status();
  auto profile = Profile(org, enrolled->customer.customer_id);
  if (!profile.ok()) return profile.status();
  return std::make_pair(*std::move(profile), enrolled->existed);
}

absl::StatusOr<PointsCheck> LoyaltyDesk::CheckPoints(const Org& org,
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

absl::StatusOr<CouponCheck> LoyaltyDesk::CheckCoupon(const Org& org,
                                                     const std::string& code,
                                                     const std::string& customer_id,
                                                     int64_t amount_minor) {
  if (auto s = CheckCode("code", code); !s.ok()) return s;
  if (!customer_id.empty()) {
    if (auto s = CheckUuid("customer_id", customer_id); !s.ok()) return s;
  }
  auto coupon = repos_.loyalty->GetCoupon(org.org_id, code);
  if (!coupon.ok()) return coupon.status();
  auto today = Today(org);
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

absl::StatusOr<StoredBill> LoyaltyDesk::TagBill(const Org& org,
                                                const std::string& bill_id,
                                                const std::string& customer_id,
                                                const std::string& by) {
  if (auto s = CheckUuid("bill_id", bill_id); !s.ok()) return s;
  if (auto s = CheckUuid("customer_id", customer_id); !s.ok()) return s;
  if (auto s = CheckText("tagged_by", by, kMaxNameLength); !s.ok()) return s;
  auto customer = repos_.customers->FindById(org.org_id, customer_id);
  if (!customer.ok()) return customer.status();
  auto rules = repos_.loyalty->GetLoyaltyConfig(org.org_id);
  if (!rules.ok()) return rules.status();
  const LoyaltyConfig config = rules->config;
  const absl::Time now = clock_();
  return repos_.loyalty->TagBill(
      org.org_id, bill_id, customer_id, by,
      [&](const StoredBill& bill, bool has_returns) {
        return CheckRetroTag(config, bill, has_returns, now);
      },
      [&](const Bill& tagged) { return PointsEarned(config, tagged); });
}

}  // namespace tillstream
