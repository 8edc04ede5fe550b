// PostgreSQL implementation of the repositories, through libpqxx with
// parameterised statements only. Exceptions stop here: every method returns
// a Status.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_REPOSITORY_H_

#include <string>
#include <vector>

#include "server/domain/catalog/catalog_repository.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/invoicing/invoice_repository.h"
#include "server/domain/loyalty/loyalty_repository.h"
#include "server/domain/org/org_repository.h"
#include "server/domain/purchases/purchase_repository.h"
#include "server/domain/reports/report_repository.h"
#include "server/domain/sales/bill_repository.h"
#include "server/domain/sales/billing_config_repository.h"
#include "server/storage/pg_pool.h"
#include "server/usecases/repositories.h"

namespace tillstream {

class PgRepository : public OrgRepository,
                     public CatalogRepository,
                     public CustomerRepository,
                     public BillRepository,
                     public BillingConfigRepository,
                     public LoyaltyRepository,
                     public ReportRepository {
 public:
  explicit PgRepository(PgPool* pool) : pool_(pool) {}

  // Prepares the statements of the hot paths (scans, bills) on a new
  // connection; pass it to PgPool::Open.
  static void PrepareStatements(pqxx::connection& c);

  Repositories AsRepositories() { return {this, this, this, this, this, this, this}; }

  // OrgRepository
  absl::StatusOr<Org> CreateOrg(const Org& org) override;
  absl::StatusOr<StoreInfo> CreateStore(const StoreInfo& store) override;
  absl::StatusOr<TillInfo> CreateTill(const TillInfo& till) override;
  absl::StatusOr<Org> GetOrg(const std::string& org_id) override;
  absl::StatusOr<TillContext> FindTill(const std::string& org_id,
                                       const std::string& store_id,
                                       const std::string& till_id) override;

  // CatalogRepository
  absl::StatusOr<CatalogItem> FindByBarcode(const std::string& org_id,
                                            const std::string& barcode) override;
  absl::StatusOr<std::vector<CatalogItem>> FindBySkus(
      const std::string& org_id, const std::vector<std::string>& skus) override;
  absl::StatusOr<UpsertCounts> UpsertItems(
      const std::string& org_id, const std::vector<CatalogItem>& items) override;

  // CustomerRepository (pg_customers.cc)
  absl::StatusOr<EnrolResult> EnrolCustomer(const std::string& org_id,
                                            const Customer& customer) override;
  absl::StatusOr<Customer> UpdateCustomer(const std::string& org_id,
                                          const Customer& customer) override;
  absl::StatusOr<Customer> FindCustomer(const std::string& org_id, IdentifierKind kind,
                                        const std::string& value) override;
  absl::StatusOr<Customer> FindById(const std::string& org_id,
                                    const std::string& customer_id) override;
  absl::StatusOr<CustomerProfile> GetProfile(const std::string& org_id,
                                             const std::string& customer_id,
                                             int last_bills,
                                             absl::CivilDay today) override;

  // BillRepository
  absl::StatusOr<StoredBill> SaveBill(const Bill& bill,
                                      const std::string& fingerprint) override;
  absl::StatusOr<StoredBill> GetBill(const std::string& org_id,
                                     const std::string& bill_id) override;
  absl::StatusOr<std::pair<StoredBill, ReturnHistory>> LoadReturnBasis(
      const std::string& org_id, const OriginalRef& original) override;
  absl::StatusOr<StoredBill> SaveReturn(const std::string& org_id,
                                        const std::string& bill_id,
                                        const OriginalRef& original,
                                        const std::string& fingerprint,
                                        const ReturnComputer& compute) override;
  absl::StatusOr<std::vector<BillSummary>> ListBills(
      const std::string& org_id, const std::string& business_date,
      const std::string& store_id, int limit,
      const std::optional<BillCursor>& after) override;
  absl::StatusOr<StoredBill> DeleteBill(const std::string& org_id,
                                        const std::string& bill_id,
                                        const std::string& deleted_by,
                                        const std::string& reason) override;
  absl::StatusOr<DaySummary> GetDaySummary(const std::string& org_id,
                                           const std::string& business_date) override;

  // BillingConfigRepository
  absl::StatusOr<BillingConfigVersion> GetBillingConfig(
      const std::string& org_id) override;
  absl::StatusOr<BillingConfigVersion> SaveBillingConfig(
      const std::string& org_id, const BillingConfig& config, int32_t expected_version,
      const std::string& changed_by, const std::string& reason) override;
  absl::StatusOr<std::vector<BillingConfigVersion>> BillingConfigHistory(
      const std::string& org_id) override;

  // LoyaltyRepository (pg_loyalty.cc; TagBill in pg_repository.cc)
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
  absl::StatusOr<StoredBill> TagBill(const std::string& org_id,
                                     const std::string& bill_id,
                                     const std::string& customer_id,
                                     const std::string& by, const TagCheck& check,
                                     const TagEarn& earn) override;

 private:
  static void PrepareCustomerStatements(pqxx::connection& c);
  PgPool* pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_REPOSITORY_H_
