// Loyalty use cases shared by the till stream and the back office:
// customer profiles, is-redeemable checks for points and coupons, and
// retro-tagging. Validates input, applies the rules of loyalty.h, and
// delegates to the repositories.
#ifndef TILLSTREAM_SERVER_DOMAIN_LOYALTY_DESK_H_
#define TILLSTREAM_SERVER_DOMAIN_LOYALTY_DESK_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/model.h"
#include "server/domain/repositories.h"

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

class LoyaltyDesk {
 public:
  using Clock = std::function<absl::Time()>;
  LoyaltyDesk(const Repositories& repos, Clock clock)
      : repos_(repos), clock_(std::move(clock)) {}

  // The customer holding `value` as `kind` (normalised first), with
  // balances, last bills and usable coupons.
  absl::StatusOr<CustomerProfile> Lookup(const Org& org, const std::string& field,
                                         IdentifierKind kind, const std::string& value);
  absl::StatusOr<CustomerProfile> Profile(const Org& org, const std::string& customer_id);
  // Enrol-or-update; a missing customer_id gets a new UUID.
  absl::StatusOr<std::pair<CustomerProfile, bool>> Enrol(const Org& org,
                                                         const std::string& prefix,
                                                         const Customer& customer);

  // May `points` be redeemed now? Not redeemable is an answer, not an
  // error; when redeemable and the org wants codes, a validation code is
  // issued (the same one again while it is valid).
  absl::StatusOr<PointsCheck> CheckPoints(const Org& org, const std::string& customer_id,
                                          int64_t points);
  // May `code` pay `amount_minor` for `customer_id` ("" anonymous) today?
  absl::StatusOr<CouponCheck> CheckCoupon(const Org& org, const std::string& code,
                                          const std::string& customer_id,
                                          int64_t amount_minor);
  // Attaches a customer to an anonymous bill after the sale.
  absl::StatusOr<StoredBill> TagBill(const Org& org, const std::string& bill_id,
                                     const std::string& customer_id,
                                     const std::string& by);

 private:
  absl::StatusOr<absl::CivilDay> Today(const Org& org) const;

  Repositories repos_;
  Clock clock_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_LOYALTY_DESK_H_
