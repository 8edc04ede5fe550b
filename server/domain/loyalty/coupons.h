// Coupons: series with validity and limits, codes issued to a customer or
// to anyone, and when a code may pay part of a bill.
#ifndef TILLSTREAM_SERVER_DOMAIN_LOYALTY_COUPONS_H_
#define TILLSTREAM_SERVER_DOMAIN_LOYALTY_COUPONS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"

namespace tillstream {

struct CouponState {
  std::string code;
  std::string series_id;
  std::string series_name;
  std::string customer_id;  // "": anyone may use it
  int64_t value_minor = 0;
  absl::CivilDay valid_from;
  absl::CivilDay valid_until;
  int32_t uses = 0;
  int32_t uses_per_code = 1;
  int32_t series_redemptions = 0;
  int32_t max_redemptions = 0;  // 0: no limit
};

struct CouponSeries {
  std::string series_id;
  std::string name;
  int64_t value_minor = 0;
  absl::CivilDay valid_from;
  absl::CivilDay valid_until;
  int32_t max_redemptions = 0;  // 0: no limit
  int32_t uses_per_code = 1;
  int32_t redemptions = 0;  // so far
};

// Why a coupon cannot pay `amount_minor` of a bill of `customer_id` on
// `day`: not issued to this customer, not valid yet, expired, already used,
// series exhausted, more than its value. Unknown codes are the storage's
// NOT_FOUND.
absl::Status CheckCouponRedeemable(const CouponState& coupon,
                                   const std::string& customer_id, absl::CivilDay day,
                                   int64_t amount_minor);

// Ten characters of an alphabet without look-alikes (no 0/O, 1/I/L), from
// the OS's CSPRNG: 50 bits.
std::string NewCouponCode();

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_LOYALTY_COUPONS_H_
