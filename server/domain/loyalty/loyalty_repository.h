// Storage of the loyalty rules, the points ledger and coupons.
#ifndef TILLSTREAM_SERVER_DOMAIN_LOYALTY_LOYALTY_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_LOYALTY_LOYALTY_REPOSITORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/loyalty/config.h"
#include "server/domain/loyalty/coupons.h"
#include "server/domain/loyalty/points.h"

namespace tillstream {

class LoyaltyRepository {
 public:
  virtual ~LoyaltyRepository() = default;
  // As the billing rules: version 0 with the defaults when never set;
  // ABORTED on a stale expected_version. Turning uniqueness of an identifier
  // on is FAILED_PRECONDITION while customers share a value of it.
  virtual absl::StatusOr<LoyaltyConfigVersion> GetLoyaltyConfig(
      const std::string& org_id) = 0;
  virtual absl::StatusOr<LoyaltyConfigVersion> SaveLoyaltyConfig(
      const std::string& org_id, const LoyaltyConfig& config, int32_t expected_version,
      const std::string& changed_by, const std::string& reason) = 0;

  virtual absl::StatusOr<PointsBalance> GetBalance(const std::string& org_id,
                                                   const std::string& customer_id) = 0;
  // The customer's unused code still valid at `now`, else `candidate`,
  // valid for `validity`.
  virtual absl::StatusOr<ValidationCode> IssueValidationCode(
      const std::string& org_id, const std::string& customer_id,
      const std::string& candidate, absl::Time now, absl::Duration validity) = 0;
  // One ADJUSTMENT entry; idempotent on request_id (same request again: the
  // original entry). FAILED_PRECONDITION when it would take the balance
  // below zero.
  virtual absl::StatusOr<LedgerEntry> AdjustPoints(const std::string& org_id,
                                                   const std::string& customer_id,
                                                   int64_t points,
                                                   const std::string& reason,
                                                   const std::string& by,
                                                   const std::string& request_id) = 0;
  // Newest first.
  virtual absl::StatusOr<std::vector<LedgerEntry>> ListLedger(
      const std::string& org_id, const std::string& customer_id, int limit) = 0;
  // Expires, per customer, the points credited before `cutoff` that later
  // debits have not used (first in, first out). Running it again expires
  // nothing new.
  virtual absl::StatusOr<ExpiryResult> ExpirePoints(const std::string& org_id,
                                                    absl::Time cutoff,
                                                    const std::string& by) = 0;

  // Idempotent like the other create calls.
  virtual absl::StatusOr<CouponSeries> CreateCouponSeries(const std::string& org_id,
                                                          const CouponSeries& series) = 0;
  // Issues `code` of the series to `customer_id` ("": to anyone). Idempotent.
  virtual absl::StatusOr<CouponState> IssueCoupon(const std::string& org_id,
                                                  const std::string& code,
                                                  const std::string& series_id,
                                                  const std::string& customer_id) = 0;
  virtual absl::StatusOr<CouponState> GetCoupon(const std::string& org_id,
                                                const std::string& code) = 0;
  // Reverses the coupon's redemption on `bill_id`: the use is given back.
  // NOT_FOUND; FAILED_PRECONDITION when already reactivated.
  virtual absl::StatusOr<CouponState> ReactivateCoupon(const std::string& org_id,
                                                       const std::string& code,
                                                       const std::string& bill_id,
                                                       const std::string& by,
                                                       const std::string& reason) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_LOYALTY_LOYALTY_REPOSITORY_H_
