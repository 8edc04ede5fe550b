#include "server/rpc/convert/loyalty.h"

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/convert/wire.h"

namespace tillstream {

static_assert(Same(pos::v1::EARN, LedgerKind::kEarn) &&
              Same(pos::v1::REDEEM, LedgerKind::kRedeem) &&
              Same(pos::v1::EARN_REVERSAL, LedgerKind::kEarnReversal) &&
              Same(pos::v1::REDEEM_REFUND, LedgerKind::kRedeemRefund) &&
              Same(pos::v1::EXPIRY, LedgerKind::kExpiry) &&
              Same(pos::v1::ADJUSTMENT, LedgerKind::kAdjustment));

pos::v1::Coupon ToProtoCoupon(const CouponState& coupon, const std::string& currency) {
  pos::v1::Coupon c;
  c.set_code(coupon.code);
  c.set_series_id(coupon.series_id);
  c.set_series_name(coupon.series_name);
  c.set_customer_id(coupon.customer_id);
  *c.mutable_value() = ToMoney(coupon.value_minor, currency);
  c.set_valid_from(absl::FormatCivilTime(coupon.valid_from));
  c.set_valid_until(absl::FormatCivilTime(coupon.valid_until));
  c.set_uses(coupon.uses);
  c.set_uses_per_code(coupon.uses_per_code);
  return c;
}

pos::v1::PointsCheckResult ToProtoPointsCheck(const PointsCheck& check,
                                              const std::string& currency) {
  pos::v1::PointsCheckResult r;
  r.set_redeemable(check.redeemable);
  r.set_reason(check.reason);
  r.set_available(check.available);
  *r.mutable_value() = ToMoney(check.value_minor, currency);
  r.set_validation_code(check.validation_code);
  if (!check.validation_code.empty()) {
    SetTimestamp(check.code_expires_at, r.mutable_code_expires_at());
  }
  return r;
}

pos::v1::CouponCheckResult ToProtoCouponCheck(const CouponCheck& check,
                                              const std::string& currency) {
  pos::v1::CouponCheckResult r;
  r.set_redeemable(check.redeemable);
  r.set_reason(check.reason);
  *r.mutable_coupon() = ToProtoCoupon(check.coupon, currency);
  return r;
}

pos::v1::LedgerEntry ToProtoLedgerEntry(const LedgerEntry& e) {
  pos::v1::LedgerEntry p;
  p.set_entry_id(e.entry_id);
  p.set_customer_id(e.customer_id);
  p.set_kind(static_cast<pos::v1::LedgerKind>(static_cast<int>(e.kind)));
  p.set_points(e.points);
  p.set_balance_after(e.balance_after);
  p.set_bill_id(e.bill_id);
  p.set_reason(e.reason);
  p.set_created_by(e.created_by);
  SetTimestamp(e.created_at, p.mutable_created_at());
  return p;
}

pos::v1::LoyaltyConfigVersion ToProtoLoyaltyConfig(const LoyaltyConfigVersion& v) {
  pos::v1::LoyaltyConfigVersion p;
  p.set_org_id(v.org_id);
  p.set_version(v.version);
  p.set_changed_by(v.changed_by);
  if (v.version > 0) SetTimestamp(v.changed_at, p.mutable_changed_at());
  p.set_reason(v.reason);
  const LoyaltyConfig& c = v.config;
  auto* q = p.mutable_config();
  q->set_mobile_not_unique(!c.unique_mobile);
  q->set_email_not_unique(!c.unique_email);
  q->set_external_id_not_unique(!c.unique_external_id);
  q->set_card_number_not_unique(!c.unique_card_number);
  q->set_earning_off(c.earn_points == 0);
  q->set_earn_points(c.earn_points);
  q->set_earn_per(c.earn_per_minor);
  q->set_earn_rounding(c.earn_rounding == PointsRounding::kHalfUp
                           ? pos::v1::POINTS_HALF_UP
                           : pos::v1::DOWN);
  for (const std::string& sku : c.excluded_skus) q->add_excluded_skus(sku);
  q->set_point_value_minor(c.point_value_minor);
  q->set_redeem_min_points(c.redeem_min_points);
  q->set_redeem_max_points_per_bill(c.redeem_max_points_per_bill);
  q->set_redeem_multiple(c.redeem_multiple);
  q->set_require_validation_code(c.require_validation_code);
  q->set_validation_code_minutes(c.validation_code_minutes);
  q->set_points_expire_days(c.points_expire_days);
  q->set_retro_tag_enabled(c.retro_tag_enabled);
  q->set_retro_tag_max_age_days(c.retro_tag_max_age_days);
  return p;
}

absl::StatusOr<LoyaltyConfig> FromProtoLoyaltyConfig(const pos::v1::LoyaltyConfig& p) {
  // Unset numbers take the defaults, so a partial config is a sensible one.
  LoyaltyConfig c;
  c.unique_mobile = !p.mobile_not_unique();
  c.unique_email = !p.email_not_unique();
  c.unique_external_id = !p.external_id_not_unique();
  c.unique_card_number = !p.card_number_not_unique();
  if (p.earn_points() != 0) c.earn_points = p.earn_points();
  if (p.earning_off()) c.earn_points = 0;
  if (p.earn_per() != 0) c.earn_per_minor = p.earn_per();
  switch (p.earn_rounding()) {
    case pos::v1::POINTS_ROUNDING_UNSPECIFIED:
    case pos::v1::DOWN:
      c.earn_rounding = PointsRounding::kDown;
      break;
    case pos::v1::POINTS_HALF_UP:
      c.earn_rounding = PointsRounding::kHalfUp;
      break;
    default:
      return FieldError("config.earn_rounding", "must be DOWN or POINTS_HALF_UP");
  }
  c.excluded_skus.assign(p.excluded_skus().begin(), p.excluded_skus().end());
  if (p.point_value_minor() != 0) c.point_value_minor = p.point_value_minor();
  c.redeem_min_points = p.redeem_min_points();
  c.redeem_max_points_per_bill = p.redeem_max_points_per_bill();
  if (p.redeem_multiple() != 0) c.redeem_multiple = p.redeem_multiple();
  c.require_validation_code = p.require_validation_code();
  if (p.validation_code_minutes() != 0)
    c.validation_code_minutes = p.validation_code_minutes();
  c.points_expire_days = p.points_expire_days();
  c.retro_tag_enabled = p.retro_tag_enabled();
  if (p.retro_tag_max_age_days() != 0)
    c.retro_tag_max_age_days = p.retro_tag_max_age_days();
  return c;
}

}  // namespace tillstream
