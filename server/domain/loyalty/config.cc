#include "server/domain/loyalty/config.h"

#include "common/validation.h"

namespace tillstream {

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

}  // namespace tillstream
