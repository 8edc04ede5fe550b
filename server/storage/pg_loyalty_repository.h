// LoyaltyRepository on PostgreSQL: the versioned loyalty rules, balances,
// validation codes, adjustments, the ledger, expiry and coupons.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_LOYALTY_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_LOYALTY_REPOSITORY_H_

#include <string>
#include <vector>

#include "server/domain/loyalty/loyalty_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgLoyaltyRepository : public LoyaltyRepository {
 public:
  explicit PgLoyaltyRepository(PgPool* pool) : pool_(pool) {}

  absl::StatusOr<LoyaltyConfigVersion> GetLoyaltyConfig(
      const std::string& org_id) override;
  absl::StatusOr<LoyaltyConfigVersion> SaveLoyaltyConfig(
      const std::string& org_id, const LoyaltyConfig& config, int32_t expected_version,
      const std::string& changed_by, const std::string& reason) override;
  absl::StatusOr<PointsBalance> GetBalance(const std::string& org_id,
                                           const std::string& customer_id) override;
  absl::StatusOr<ValidationCode> IssueValidationCode(const std::string& org_id,
                                                     const std::string& customer_id,
                                                     const std::string& candidate,
                                                     absl::Time now,
                                                     absl::Duration validity) override;
  absl::StatusOr<LedgerEntry> AdjustPoints(const std::string& org_id,
                                           const std::string& customer_id, int64_t points,
                                           const std::string& reason,
                                           const std::string& by,
                                           const std::string& request_id) override;
  absl::StatusOr<std::vector<LedgerEntry>> ListLedger(const std::string& org_id,
                                                      const std::string& customer_id,
                                                      int limit) override;
  absl::StatusOr<ExpiryResult> ExpirePoints(const std::string& org_id, absl::Time cutoff,
                                            const std::string& by) override;
  absl::StatusOr<CouponSeries> CreateCouponSeries(const std::string& org_id,
                                                  const CouponSeries& series) override;
  absl::StatusOr<CouponState> IssueCoupon(const std::string& org_id,
                                          const std::string& code,
                                          const std::string& series_id,
                                          const std::string& customer_id) override;
  absl::StatusOr<CouponState> GetCoupon(const std::string& org_id,
                                        const std::string& code) override;
  absl::StatusOr<CouponState> ReactivateCoupon(const std::string& org_id,
                                               const std::string& code,
                                               const std::string& bill_id,
                                               const std::string& by,
                                               const std::string& reason) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_LOYALTY_REPOSITORY_H_
