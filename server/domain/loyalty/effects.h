// What one bill does to loyalty: decided by the domain, booked by the
// storage in the bill's own transaction.
#ifndef TILLSTREAM_SERVER_DOMAIN_LOYALTY_EFFECTS_H_
#define TILLSTREAM_SERVER_DOMAIN_LOYALTY_EFFECTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace tillstream {

struct CouponUse {
  std::string code;
  int64_t amount_minor = 0;
};

// What a bill does to loyalty, decided by the domain and applied by the
// storage in the bill's own transaction.
struct LoyaltyEffects {
  int64_t earn_points = 0;
  int64_t redeem_points = 0;
  std::string validation_code;  // from the POINTS tender's reference
  bool code_required = false;
  std::vector<CouponUse> coupons;
  int64_t earn_reversal = 0;       // on a return: points to take back (positive)
  int64_t redeem_refund = 0;       // on a return: points to give back (positive)
  int64_t points_value_minor = 0;  // what redeem_points (or redeem_refund) is worth
  int64_t balance_after = 0;       // filled in by the storage
  absl::Time checked_at;           // the server's clock: validation codes expire

  bool empty() const {
    return earn_points == 0 && redeem_points == 0 && coupons.empty() &&
           earn_reversal == 0 && redeem_refund == 0;
  }
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_LOYALTY_EFFECTS_H_
