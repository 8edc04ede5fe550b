// Storage of bills: sales with their loyalty effects, returns against their
// original, listings, deletion and tagging afterwards.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_BILL_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_BILL_REPOSITORY_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

class BillRepository {
 public:
  virtual ~BillRepository() = default;
  // Stores the bill with its lines and tenders in one transaction, with its
  // loyalty effects: points earned and redeemed (the balance checked under
  // the customer's lock, the validation code used up), coupons redeemed
  // (checked with CheckCouponRedeemable under the coupon's lock). A refusal
  // stores nothing. If a bill
  // with the same (org, bill_id) exists: same fingerprint -> the stored bill
  // with replayed = true; different fingerprint -> ALREADY_EXISTS. A bill
  // with a claim whose number is taken in its scope and window is
  // ALREADY_EXISTS naming the bill it clashes with.
  virtual absl::StatusOr<StoredBill> SaveBill(const Bill& bill,
                                              const std::string& fingerprint) = 0;
  virtual absl::StatusOr<StoredBill> GetBill(const std::string& org_id,
                                             const std::string& bill_id) = 0;

  // The original a return refers to and what earlier returns took from it.
  // NOT_FOUND when there is no such sale; FAILED_PRECONDITION when a number
  // and date match several bills.
  virtual absl::StatusOr<std::pair<StoredBill, ReturnHistory>> LoadReturnBasis(
      const std::string& org_id, const OriginalRef& original) = 0;

  // Stores a return atomically with respect to other returns of the same
  // original: in one transaction that locks the original, loads the basis,
  // asks `compute` for the return bill (which may refuse), and stores it with
  // its loyalty reversal (capped by CapReversal).
  // Replays behave as in SaveBill.
  using ReturnComputer = std::function<absl::StatusOr<Bill>(
      const StoredBill& original, const ReturnHistory& history)>;
  virtual absl::StatusOr<StoredBill> SaveReturn(const std::string& org_id,
                                                const std::string& bill_id,
                                                const OriginalRef& original,
                                                const std::string& fingerprint,
                                                const ReturnComputer& compute) = 0;
  // Ordered by (billing_time, bill_id), starting after `after` when given;
  // store_id "" means every store.
  virtual absl::StatusOr<std::vector<BillSummary>> ListBills(
      const std::string& org_id, const std::string& business_date,
      const std::string& store_id, int limit, const std::optional<BillCursor>& after) = 0;
  // Marks the bill DELETED and frees its number claim. NOT_FOUND;
  // FAILED_PRECONDITION when already deleted or when it has returns.
  virtual absl::StatusOr<StoredBill> DeleteBill(const std::string& org_id,
                                                const std::string& bill_id,
                                                const std::string& deleted_by,
                                                const std::string& reason) = 0;
  // Attaches `customer_id` to the bill in one transaction that locks it:
  // `check` decides on the locked bill (and whether it has returns); then
  // the bill becomes REGULAR, records who and when, and books the points
  // `earn` computes for it.
  using TagCheck = std::function<absl::Status(const StoredBill& bill, bool has_returns)>;
  using TagEarn = std::function<absl::StatusOr<int64_t>(const Bill& tagged)>;
  virtual absl::StatusOr<StoredBill> TagBill(const std::string& org_id,
                                             const std::string& bill_id,
                                             const std::string& customer_id,
                                             const std::string& by, const TagCheck& check,
                                             const TagEarn& earn) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_BILL_REPOSITORY_H_
