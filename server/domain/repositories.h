// The storage seam. The domain talks only to these interfaces; the PostgreSQL
// implementation lives in server/storage, fakes in the unit tests. Every
// method reports failure as a Status: NOT_FOUND, ALREADY_EXISTS, UNAVAILABLE
// (database unreachable), INTERNAL.
#ifndef TILLSTREAM_SERVER_DOMAIN_REPOSITORIES_H_
#define TILLSTREAM_SERVER_DOMAIN_REPOSITORIES_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/domain/model.h"

namespace tillstream {

class OrgRepository {
 public:
  virtual ~OrgRepository() = default;
  // Create calls are idempotent: the same record again is OK and returns the
  // stored one; a different record under an existing id is ALREADY_EXISTS.
  virtual absl::StatusOr<Org> CreateOrg(const Org& org) = 0;
  virtual absl::StatusOr<StoreInfo> CreateStore(const StoreInfo& store) = 0;
  virtual absl::StatusOr<TillInfo> CreateTill(const TillInfo& till) = 0;
  virtual absl::StatusOr<Org> GetOrg(const std::string& org_id) = 0;
  virtual absl::StatusOr<TillContext> FindTill(const std::string& org_id,
                                               const std::string& store_id,
                                               const std::string& till_id) = 0;
};

// Position in a bill listing: the last bill of the previous page.
struct BillCursor {
  absl::Time billing_time;
  std::string bill_id;
};

struct UpsertCounts {
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;
};

class CatalogRepository {
 public:
  virtual ~CatalogRepository() = default;
  virtual absl::StatusOr<CatalogItem> FindByBarcode(const std::string& org_id,
                                                    const std::string& barcode) = 0;
  // Items for the given SKUs; unknown SKUs are simply absent from the result.
  virtual absl::StatusOr<std::vector<CatalogItem>> FindBySkus(
      const std::string& org_id, const std::vector<std::string>& skus) = 0;
  // All or nothing.
  virtual absl::StatusOr<UpsertCounts> UpsertItems(
      const std::string& org_id, const std::vector<CatalogItem>& items) = 0;
};

class CustomerRepository {
 public:
  virtual ~CustomerRepository() = default;
  virtual absl::StatusOr<Customer> CreateCustomer(const std::string& org_id,
                                                  const Customer& customer) = 0;
  virtual absl::StatusOr<Customer> FindByMobile(const std::string& org_id,
                                                const std::string& mobile) = 0;
  virtual absl::StatusOr<Customer> FindByEmail(const std::string& org_id,
                                               const std::string& email) = 0;
  virtual absl::StatusOr<Customer> FindById(const std::string& org_id,
                                            const std::string& customer_id) = 0;
};

class BillRepository {
 public:
  virtual ~BillRepository() = default;
  // Stores the bill with its lines and tenders in one transaction. If a bill
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
  // asks `compute` for the return bill (which may refuse), and stores it.
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
  // Figures leave DELETED bills out (they show among `statuses`).
  virtual absl::StatusOr<DaySummary> GetDaySummary(const std::string& org_id,
                                                   const std::string& business_date) = 0;
};

class BillingConfigRepository {
 public:
  virtual ~BillingConfigRepository() = default;
  // The newest version; version 0 with the defaults when never set.
  virtual absl::StatusOr<BillingConfigVersion> GetBillingConfig(
      const std::string& org_id) = 0;
  // Stores version expected_version + 1. ABORTED when the newest version is
  // not expected_version (someone else changed it meanwhile).
  virtual absl::StatusOr<BillingConfigVersion> SaveBillingConfig(
      const std::string& org_id, const BillingConfig& config, int32_t expected_version,
      const std::string& changed_by, const std::string& reason) = 0;
  // Newest first.
  virtual absl::StatusOr<std::vector<BillingConfigVersion>> BillingConfigHistory(
      const std::string& org_id) = 0;
};

struct Repositories {
  OrgRepository* orgs;
  CatalogRepository* catalog;
  CustomerRepository* customers;
  BillRepository* bills;
  BillingConfigRepository* billing;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_REPOSITORIES_H_
