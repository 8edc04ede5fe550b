// The back-office operator's loyalty use cases: customers, the loyalty
// rules, points (check, adjust, ledger, expiry), coupons and retro-tagging.
// Validates every input, then delegates to the customer directory, the
// redemption checks, bill tagging and the repositories.
#ifndef TILLSTREAM_SERVER_USECASES_LOYALTY_ADMIN_H_
#define TILLSTREAM_SERVER_USECASES_LOYALTY_ADMIN_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/customers/customer.h"
#include "server/domain/loyalty/config.h"
#include "server/domain/loyalty/coupons.h"
#include "server/domain/loyalty/points.h"
#include "server/domain/reports/reports.h"
#include "server/domain/sales/bill.h"
#include "server/usecases/bill_tagging.h"
#include "server/usecases/clock.h"
#include "server/usecases/customer_directory.h"
#include "server/usecases/redemption_checks.h"
#include "server/usecases/repositories.h"

namespace tillstream {

inline constexpr int kMaxLedgerPage = 1000;

class LoyaltyAdmin {
 public:
  explicit LoyaltyAdmin(const Repositories& repos, Clock clock = absl::Now)
      : repos_(repos),
        clock_(clock),
        customers_(repos, clock),
        checks_(repos, clock),
        tagging_(repos, std::move(clock)) {}

  // Customers. The bool says whether the enrolled customer existed.
  absl::StatusOr<std::pair<CustomerProfile, bool>> EnrolCustomer(
      const std::string& org_id, const Customer& customer);
  absl::StatusOr<CustomerProfile> UpdateCustomer(const std::string& org_id,
                                                 const Customer& customer);
  // kind unset: `value` is the customer id.
  absl::StatusOr<CustomerProfile> GetCustomer(const std::string& org_id,
                                              std::optional<IdentifierKind> kind,
                                              const std::string& value);

  absl::StatusOr<LoyaltyConfigVersion> GetLoyaltyConfig(const std::string& org_id);
  absl::StatusOr<LoyaltyConfigVersion> SetLoyaltyConfig(const std::string& org_id,
                                                        const LoyaltyConfig& config,
                                                        int32_t expected_version,
                                                        const std::string& changed_by,
                                                        const std::string& reason);

  // Points.
  absl::StatusOr<PointsCheck> CheckPoints(const std::string& org_id,
                                          const std::string& customer_id, int64_t points);
  absl::StatusOr<LedgerEntry> AdjustPoints(const std::string& org_id,
                                           const std::string& customer_id, int64_t points,
                                           const std::string& reason,
                                           const std::string& by,
                                           const std::string& request_id);
  absl::StatusOr<std::vector<LedgerEntry>> ListLedger(const std::string& org_id,
                                                      const std::string& customer_id,
                                                      int limit);
  // Expires what was credited more than the org's points_expire_days before
  // `as_of`; FAILED_PRECONDITION when the org's points never expire.
  absl::StatusOr<ExpiryResult> ExpirePoints(const std::string& org_id, absl::Time as_of,
                                            const std::string& by);

  // Coupons. An empty code draws a random one.
  absl::StatusOr<CouponSeries> CreateCouponSeries(const std::string& org_id,
                                                  const CouponSeries& series);
  absl::StatusOr<CouponState> IssueCoupon(const std::string& org_id,
                                          const std::string& series_id,
                                          const std::string& customer_id,
                                          const std::string& code);
  absl::StatusOr<CouponCheck> CheckCoupon(const std::string& org_id,
                                          const std::string& code,
                                          const std::string& customer_id,
                                          int64_t amount_minor);
  absl::StatusOr<CouponState> ReactivateCoupon(const std::string& org_id,
                                               const std::string& code,
                                               const std::string& bill_id,
                                               const std::string& by,
                                               const std::string& reason);

  absl::StatusOr<StoredBill> TagBill(const std::string& org_id,
                                     const std::string& bill_id,
                                     const std::string& customer_id,
                                     const std::string& by);

 private:
  Repositories repos_;
  Clock clock_;
  CustomerDirectory customers_;
  RedemptionChecks checks_;
  BillTagging tagging_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_LOYALTY_ADMIN_H_
