// May these points or this coupon pay now? Asked by the till before it
// takes them as a tender, and by the operator. Not redeemable is an answer,
// not an error.
#ifndef TILLSTREAM_SERVER_USECASES_REDEMPTION_CHECKS_H_
#define TILLSTREAM_SERVER_USECASES_REDEMPTION_CHECKS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/loyalty/coupons.h"
#include "server/domain/org/org.h"
#include "server/usecases/clock.h"
#include "server/usecases/repositories.h"

namespace tillstream {

struct PointsCheck {
  bool redeemable = false;
  std::string reason;  // why not, when not
  int64_t available = 0;
  int64_t value_minor = 0;      // what the points pay
  std::string validation_code;  // when the org requires one
  absl::Time code_expires_at;
};

struct CouponCheck {
  bool redeemable = false;
  std::string reason;
  CouponState coupon;
};

class RedemptionChecks {
 public:
  RedemptionChecks(const Repositories& repos, Clock clock)
      : repos_(repos), clock_(std::move(clock)) {}

  // May `points` be redeemed now? Not redeemable is an answer, not an
  // error; when redeemable and the org wants codes, a validation code is
  // issued (the same one again while it is valid).
  absl::StatusOr<PointsCheck> CheckPoints(const Org& org, const std::string& customer_id,
                                          int64_t points);
  // May `code` pay `amount_minor` for `customer_id` ("" anonymous) today?
  absl::StatusOr<CouponCheck> CheckCoupon(const Org& org, const std::string& code,
                                          const std::string& customer_id,
                                          int64_t amount_minor);

 private:
  Repositories repos_;
  Clock clock_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_REDEMPTION_CHECKS_H_
