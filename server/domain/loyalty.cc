#include "server/domain/loyalty.h"

#include <sys/random.h>

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/validation.h"
#include "server/domain/model.h"

namespace tillstream {

const char* IdentifierKindName(IdentifierKind kind) {
  switch (kind) {
    case IdentifierKind::kMobile:
      return "mobile";
    case IdentifierKind::kEmail:
      return "email";
    case IdentifierKind::kExternalId:
      return "external id";
    case IdentifierKind::kCardNumber:
      return "card number";
  }
  return "identifier";
}

const char* LedgerKindName(LedgerKind kind) {
  switch (kind) {
    case LedgerKind::kEarn:
      return "EARN";
    case LedgerKind::kRedeem:
      return "REDEEM";
    case LedgerKind::kEarnReversal:
      return "EARN_REVERSAL";
    case LedgerKind::kRedeemRefund:
      return "REDEEM_REFUND";
    case LedgerKind::kExpiry:
      return "EXPIRY";
    case LedgerKind::kAdjustment:
      return "ADJUSTMENT";
  }
  return "?";
}

bool LoyaltyConfig::IsUnique(IdentifierKind kind) const {
  switch (kind) {
    case IdentifierKind::kMobile:
      return unique_mobile;
    case IdentifierKind::kEmail:
      return unique_email;
    case IdentifierKind::kExternalId:
      return unique_external_id;
    case IdentifierKind::kCardNumber:
      return unique_card_number;
  }
  return false;
}

absl::Status ValidateLoyaltyConfig(const LoyaltyConfig& c) {
  constexpr int64_t kMaxFactor = 1'000'000'000;
  if (c.earn_points < 0 || c.earn_points > kMaxFactor)
    return FieldError("earn_points", "must be 0..1000000000");
  if (c.earn_per_minor <= 0 || c.earn_per_minor > kMaxFactor)
    return FieldError("earn_per_minor", "must be 1..1000000000");
  if (c.point_value_minor <= 0 || c.point_value_minor > kMaxFactor)
    return FieldError("point_value_minor", "must be 1..1000000000");
  if (c.redeem_min_points < 0) return FieldError("redeem_min_points", "must be >= 0");
  if (c.redeem_max_points_per_bill < 0)
    return FieldError("redeem_max_points_per_bill", "must be >= 0 (0: no maximum)");
  if (c.redeem_max_points_per_bill > 0 &&
      c.redeem_max_points_per_bill < c.redeem_min_points) {
    return FieldError("redeem_max_points_per_bill", "is below redeem_min_points");
  }
  if (c.redeem_multiple <= 0 || c.redeem_multiple > kMaxFactor)
    return FieldError("redeem_multiple", "must be 1..1000000000");
  if (c.validation_code_minutes < 1 || c.validation_code_minutes > 7 * 24 * 60)
    return FieldError("validation_code_minutes", "must be 1..10080 (a week)");
  if (c.points_expire_days < 0 || c.points_expire_days > 3650)
    return FieldError("points_expire_days", "must be 0..3650 (0: never)");
  if (c.retro_tag_max_age_days < 1 || c.retro_tag_max_age_days > 3650)
    return FieldError("retro_tag_max_age_days", "must be 1..3650");
  if (c.excluded_skus.size() > 1000)
    return FieldError("excluded_skus", "at most 1000 SKUs");
  for (const std::string& sku : c.excluded_skus) {
    if (auto s = CheckCode("excluded_skus", sku); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> PointsEarned(const LoyaltyConfig& config, const Bill& bill) {
  if (bill.type != BillType::kSale || bill.status != BillStatus::kRegular ||
      bill.customer_id.empty() || config.earn_points == 0) {
    return 0;
  }
  const std::set<std::string> excluded(config.excluded_skus.begin(),
                                       config.excluded_skus.end());
  int64_t eligible = 0;
  for (const PricedLine& l : bill.lines) {
    if (!excluded.count(l.sku)) eligible += l.amount_minor;
  }
  for (const Tender& t : bill.tenders) {
    if (t.type == TenderType::kPoints || t.type == TenderType::kCoupon) {
      eligible -= t.amount_minor;
    }
  }
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
                                               const Bill& bill) {
  LoyaltyEffects effects;
  const std::string& cur = bill.currency;
  bool code_seen = false;
  std::set<std::string> codes;
  for (const Tender& t : bill.tenders) {
    if (t.type == TenderType::kPoints) {
      if (bill.customer_id.empty()) {
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
    } else if (t.type == TenderType::kCoupon) {
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
  auto earned = PointsEarned(config, bill);
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

absl::Status CheckCouponRedeemable(const CouponState& c, const std::string& customer_id,
                                   absl::CivilDay day, int64_t amount_minor) {
  if (!c.customer_id.empty() && c.customer_id != customer_id) {
    return absl::FailedPreconditionError(
        absl::StrCat("coupon ", c.code, " was not issued to ",
                     customer_id.empty() ? "an anonymous customer" : "this customer",
                     ": look up the customer it belongs to"));
  }
  if (day < c.valid_from) {
    return absl::FailedPreconditionError(absl::StrCat(
        "coupon ", c.code, " is valid from ", absl::FormatCivilTime(c.valid_from)));
  }
  if (day > c.valid_until) {
    return absl::FailedPreconditionError(absl::StrCat(
        "coupon ", c.code, " expired on ", absl::FormatCivilTime(c.valid_until),
        " (series ", c.series_id, ")"));
  }
  if (c.uses >= c.uses_per_code) {
    return absl::FailedPreconditionError(
        c.uses_per_code == 1 ? absl::StrCat("coupon ", c.code, " is already used")
                             : absl::StrCat("coupon ", c.code, " is already used ",
                                            c.uses, " of ", c.uses_per_code, " times"));
  }
  if (c.max_redemptions > 0 && c.series_redemptions >= c.max_redemptions) {
    return absl::FailedPreconditionError(
        absl::StrCat("coupon series ", c.series_id, " is exhausted: all ",
                     c.max_redemptions, " redemptions are used"));
  }
  if (amount_minor <= 0 || amount_minor > c.value_minor) {
    return absl::FailedPreconditionError(
        absl::StrCat("coupon ", c.code, " pays at most its value of ", c.value_minor,
                     " minor units, not ", amount_minor));
  }
  return absl::OkStatus();
}

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
