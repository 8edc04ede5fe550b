#include "server/domain/loyalty/coupons.h"

#include <sys/random.h>

#include "absl/strings/str_cat.h"

namespace tillstream {

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

std::string NewCouponCode() {
  static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31
  std::string code;
  while (code.size() < 10) {
    unsigned char byte = 0;
    if (getrandom(&byte, 1, 0) != 1) continue;
    if (byte >= 248) continue;  // 8 x 31: keeps every character equally likely
    code += kAlphabet[byte % 31];
  }
  return code;
}

}  // namespace tillstream
