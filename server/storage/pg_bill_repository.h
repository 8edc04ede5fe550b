// BillRepository on PostgreSQL: a bill with its lines, tenders, number claim
// and loyalty in one transaction, keyed by (org, bill id) so a resend finds
// the stored bill; returns serialised on their original; deletion and
// tagging afterwards under the bill's row lock.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_BILL_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_BILL_REPOSITORY_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/domain/sales/bill_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgBillRepository : public BillRepository {
 public:
  explicit PgBillRepository(PgPool* pool) : pool_(pool) {}

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
  absl::StatusOr<StoredBill> TagBill(const std::string& org_id,
                                     const std::string& bill_id,
                                     const std::string& customer_id,
                                     const std::string& by, const TagCheck& check,
                                     const TagEarn& earn) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_BILL_REPOSITORY_H_
