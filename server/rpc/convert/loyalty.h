// Loyalty rules, points, coupons and redemption checks on the wire.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_LOYALTY_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_LOYALTY_H_

#include <string>

#include "absl/status/statusor.h"
#include "pos/v1/pos.pb.h"
#include "server/domain/loyalty/config.h"
#include "server/domain/loyalty/coupons.h"
#include "server/domain/loyalty/points.h"
#include "server/usecases/redemption_checks.h"

namespace tillstream {

pos::v1::Coupon ToProtoCoupon(const CouponState& coupon, const std::string& currency);
pos::v1::PointsCheckResult ToProtoPointsCheck(const PointsCheck& check,
                                              const std::string& currency);
pos::v1::CouponCheckResult ToProtoCouponCheck(const CouponCheck& check,
                                              const std::string& currency);
pos::v1::LedgerEntry ToProtoLedgerEntry(const LedgerEntry& entry);
pos::v1::LoyaltyConfigVersion ToProtoLoyaltyConfig(const LoyaltyConfigVersion& version);
absl::StatusOr<LoyaltyConfig> FromProtoLoyaltyConfig(
    const pos::v1::LoyaltyConfig& config);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_LOYALTY_H_
