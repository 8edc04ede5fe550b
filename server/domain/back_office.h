// The back-office operator's use cases: set up orgs, stores, tills and the
// catalog; read bills and day figures. Validates every input, then delegates
// to the repositories.
#ifndef TILLSTREAM_SERVER_DOMAIN_BACK_OFFICE_H_
#define TILLSTREAM_SERVER_DOMAIN_BACK_OFFICE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/model.h"
#include "server/domain/repositories.h"

namespace tillstream {

inline constexpr int kMaxItemsPerUpsert = 5000;
inline constexpr int kMaxPageSize = 1000;

struct BillPage {
  std::vector<BillSummary> bills;
  std::string next_page_token;
};

class BackOffice {
 public:
  explicit BackOffice(const Repositories& repos) : repos_(repos) {}

  absl::StatusOr<Org> CreateOrg(const Org& org);
  absl::StatusOr<Org> GetOrg(const std::string& org_id);
  absl::StatusOr<StoreInfo> CreateStore(const StoreInfo& store);
  absl::StatusOr<TillInfo> CreateTill(const TillInfo& till);
  // `price_currency` is the currency the prices are given in; it must be
  // the org's.
  absl::StatusOr<UpsertCounts> UpsertItems(const std::string& org_id,
                                           const std::string& price_currency,
                                           const std::vector<CatalogItem>& items);
  absl::StatusOr<BillPage> ListBills(const std::string& org_id,
                                     const std::string& business_date,
                                     const std::string& store_id, int page_size,
                                     const std::string& page_token);
  absl::StatusOr<StoredBill> GetBill(const std::string& org_id,
                                     const std::string& bill_id);
  absl::StatusOr<DaySummary> GetDaySummary(const std::string& org_id,
                                           const std::string& business_date);
  absl::StatusOr<StoredBill> DeleteBill(const std::string& org_id,
                                        const std::string& bill_id,
                                        const std::string& deleted_by,
                                        const std::string& reason);
  absl::StatusOr<BillingConfigVersion> GetBillingConfig(const std::string& org_id);
  absl::StatusOr<BillingConfigVersion> SetBillingConfig(const std::string& org_id,
                                                        const BillingConfig& config,
                                                        int32_t expected_version,
                                                        const std::string& changed_by,
                                                        const std::string& reason);
  absl::StatusOr<std::vector<BillingConfigVersion>> BillingConfigHistory(
      const std::string& org_id);

 private:
  Repositories repos_;
};

// Field checks, exposed for tests and for the admin CLI.
absl::Status ValidateCatalogItem(const std::string& field, const CatalogItem& item);
absl::Status ValidateBusinessDate(const std::string& field, const std::string& date);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_BACK_OFFICE_H_
