// The org's loyalty rules, versioned: which customer identifiers are unique,
// how sales earn points, how points are redeemed, expiry, retro-tagging.
#ifndef TILLSTREAM_SERVER_DOMAIN_LOYALTY_CONFIG_H_
#define TILLSTREAM_SERVER_DOMAIN_LOYALTY_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/domain/customers/customer.h"

namespace tillstream {

// Stored (loyalty_configs.earn_rounding): do not renumber.
enum class PointsRounding { kDown = 1, kHalfUp = 2 };
static_assert(static_cast<int>(PointsRounding::kDown) == 1);
static_assert(static_cast<int>(PointsRounding::kHalfUp) == 2);

struct LoyaltyConfig {
  // Which identifiers no two customers of the org may share.
  bool unique_mobile = true;
  bool unique_email = true;
  bool unique_external_id = true;
  bool unique_card_number = true;
  // Earning: earn_points points per earn_per_minor minor units of eligible
  // amount (default 1 point per 1.00), rounded down or half up per bill.
  int64_t earn_points = 1;
  int64_t earn_per_minor = 100;
  PointsRounding earn_rounding = PointsRounding::kDown;
  std::vector<std::string> excluded_skus;  // lines of these SKUs earn nothing
  // Redeeming: one point pays point_value_minor minor units.
  int64_t point_value_minor = 1;
  int64_t redeem_min_points = 0;
  int64_t redeem_max_points_per_bill = 0;  // 0: no maximum
  int64_t redeem_multiple = 1;             // redeem in multiples of this
  bool require_validation_code = false;
  int32_t validation_code_minutes = 15;
  int32_t points_expire_days = 0;  // 0: points never expire
  // Retro-tagging a customer onto an anonymous bill.
  bool retro_tag_enabled = false;
  int32_t retro_tag_max_age_days = 7;

  bool IsUnique(IdentifierKind kind) const;
};

struct LoyaltyConfigVersion {
  std::string org_id;
  int32_t version = 0;  // 0: never set, the defaults apply
  LoyaltyConfig config;
  std::string changed_by;
  absl::Time changed_at;
  std::string reason;
};

absl::Status ValidateLoyaltyConfig(const LoyaltyConfig& config);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_LOYALTY_CONFIG_H_
