#include "server/domain/loyalty/points.h"

#include <sys/random.h>

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/enum_names.h"
#include "common/money.h"

namespace tillstream {

const char* LedgerKindName(LedgerKind kind) {
  return EnumName(
      kind, {"EARN", "REDEEM", "EARN_REVERSAL", "REDEEM_REFUND", "EXPIRY", "ADJUSTMENT"});
}

absl::StatusOr<int64_t> PointsEarned(const LoyaltyConfig& config, const EarnBasis& sale) {
  if (!sale.may_earn || sale.customer_id.empty() || config.earn_points == 0) {
    return 0;
  }
  const std::set<std::string> excluded(config.excluded_skus.begin(),
                                       config.excluded_skus.end());
  int64_t eligible = 0;
  for (const EarnBasis::Line& l : sale.lines) {
    if (!excluded.count(l.sku)) eligible += l.amount_minor;
  }
  for (const EarnBasis::LoyaltyTender& t : sale.tenders) eligible -= t.amount_minor;
  return PointsForAmount(config, eligible);
}

absl::StatusOr<int64_t> PointsForAmount(const LoyaltyConfig& config,
                                        int64_t eligible_minor) {
  if (eligible_minor <= 0) return 0;
  if (config.earn_rounding == PointsRounding::kDown) {
    // Floor of a non-negative quotient; 128 bits so the product cannot overflow.
    return static_cast<int64_t>(static_cast<__int128>(eligible_minor) *
                                config.earn_points / config.earn_per_minor);
  }
  return MulDivRound(eligible_minor, config.earn_points, config.earn_per_minor,
                     Rounding::kHalfUp);
}

absl::StatusOr<LoyaltyEffects> PlanSaleLoyalty(const LoyaltyConfig& config,
                                               const EarnBasis& sale) {
  LoyaltyEffects effects;
  const std::string& cur = sale.currency;
  bool code_seen = false;
  std::set<std::string> codes;
  for (const EarnBasis::LoyaltyTender& t : sale.tenders) {
    if (t.kind == EarnBasis::Kind::kPoints) {
      if (sale.customer_id.empty()) {
        return absl::FailedPreconditionError(
            "paying with points needs the customer on the bill: look the customer up "
            "first");
      }
      if (t.amount_minor % config.point_value_minor != 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("a POINTS tender of ", FormatMoney(t.amount_minor, cur),
                         " is not a whole number of points; one point is worth ",
                         FormatMoney(config.point_value_minor, cur), " ", cur));
      }
      effects.redeem_points += t.amount_minor / config.point_value_minor;
      if (code_seen && t.reference != effects.validation_code) {
        return absl::InvalidArgumentError(
            "the POINTS tenders of one bill carry different validation codes");
      }
      code_seen = true;
      effects.validation_code = t.reference;
    } else if (t.kind == EarnBasis::Kind::kCoupon) {
      if (t.reference.empty()) {
        return absl::InvalidArgumentError(
            "a COUPON tender needs the coupon code as its reference");
      }
      if (!codes.insert(t.reference).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("coupon ", t.reference, " appears twice on the bill"));
      }
      effects.coupons.push_back(CouponUse{t.reference, t.amount_minor});
    }
  }
  effects.points_value_minor = effects.redeem_points * config.point_value_minor;
  if (effects.redeem_points > 0) {
    if (auto s = CheckRedemptionRules(config, effects.redeem_points); !s.ok()) return s;
    effects.code_required = config.require_validation_code;
    if (effects.code_required && effects.validation_code.empty()) {
      return absl::FailedPreconditionError(
          "this org needs a validation code to redeem points: ask for one "
          "(check_points) and put the customer's code on the POINTS tender");
    }
  }
  auto earned = PointsEarned(config, sale);
  if (!earned.ok()) return earned.status();
  effects.earn_points = *earned;
  return effects;
}

absl::Status CheckRedemptionRules(const LoyaltyConfig& config, int64_t points) {
  if (points <= 0) {
    return absl::InvalidArgumentError("points to redeem must be positive");
  }
  if (points < config.redeem_min_points) {
    return absl::FailedPreconditionError(
        absl::StrCat("at least ", config.redeem_min_points,
                     " points must be redeemed at once, not ", points));
  }
  if (config.redeem_max_points_per_bill > 0 &&
      points > config.redeem_max_points_per_bill) {
    return absl::FailedPreconditionError(
        absl::StrCat("at most ", config.redeem_max_points_per_bill,
                     " points may be redeemed on one bill, not ", points));
  }
  if (points % config.redeem_multiple != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("points are redeemed in multiples of ", config.redeem_multiple, "; ",
                     points, " is not one"));
  }
  return absl::OkStatus();
}

absl::Status CheckRedeemable(const LoyaltyConfig& config, int64_t available,
                             int64_t points) {
  if (auto s = CheckRedemptionRules(config, points); !s.ok()) return s;
  return CheckBalanceCovers(available, points);
}

absl::Status CheckBalanceCovers(int64_t available, int64_t points) {
  if (points > available) {
    return absl::FailedPreconditionError(
        absl::StrCat("not enough points: ", available, " available, ", points, " asked"));
  }
  return absl::OkStatus();
}

namespace {

// round(value * part / whole), half up, for 0 <= part <= whole, whole > 0.
int64_t Share(int64_t value, int64_t part, int64_t whole) {
  const __int128 num = static_cast<__int128>(value) * part;
  return static_cast<int64_t>((2 * num + whole) / (2 * static_cast<__int128>(whole)));
}

}  // namespace

ReturnReversal ProportionalReversal(int64_t original_total_minor,
                                    int64_t refunded_before_minor,
                                    int64_t refunded_now_minor, int64_t earned,
                                    int64_t redeemed) {
  ReturnReversal r;
  if (original_total_minor <= 0) return r;
  const int64_t before =
      std::clamp<int64_t>(refunded_before_minor, 0, original_total_minor);
  const int64_t after = std::clamp<int64_t>(refunded_before_minor + refunded_now_minor,
                                            before, original_total_minor);
  r.earn_reversal = Share(earned, after, original_total_minor) -
                    Share(earned, before, original_total_minor);
  r.redeem_refund = Share(redeemed, after, original_total_minor) -
                    Share(redeemed, before, original_total_minor);
  return r;
}

void CapReversal(int64_t balance, LoyaltyEffects* effects) {
  const int64_t holding = balance + effects->redeem_refund;
  effects->earn_reversal = std::clamp<int64_t>(effects->earn_reversal, 0, holding);
}

int64_t PointsToExpire(int64_t credits_before_cutoff, int64_t debits_total) {
  return std::max<int64_t>(0, credits_before_cutoff - debits_total);
}

std::string NewValidationCode() {
  // Rejection sampling keeps the 900000 codes equally likely; getrandom
  // blocks only before the kernel's pool is initialised at boot.
  constexpr uint32_t kLimit = 4'294'800'000u;  // 4772 x 900000
  uint32_t value = kLimit;
  while (value >= kLimit) {
    if (getrandom(&value, sizeof value, 0) != sizeof value) value = kLimit;
  }
  return absl::StrCat(100000 + value % 900000);
}

}  // namespace tillstream
