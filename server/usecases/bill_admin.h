// The operator's work on bills: listing, reading, deleting, the day's
// figures, and the org's billing rules. Validates every input, then
// delegates to the repositories.
#ifndef TILLSTREAM_SERVER_USECASES_BILL_ADMIN_H_
#define TILLSTREAM_SERVER_USECASES_BILL_ADMIN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/reports/reports.h"
#include "server/domain/sales/bill.h"
#include "server/domain/sales/billing_rules.h"
#include "server/usecases/repositories.h"

namespace tillstream {

inline constexpr int kMaxPageSize = 1000;

struct BillPage {
  std::vector<BillSummary> bills;
  std::string next_page_token;
};

class BillAdmin {
 public:
  explicit BillAdmin(const Repositories& repos) : repos_(repos) {}

  absl::StatusOr<BillPage> ListBills(const std::string& org_id,
                                     const std::string& business_date,
                                     const std::string& store_id, int page_size,
                                     const std::string& page_token);
  absl::StatusOr<StoredBill> GetBill(const std::string& org_id,
                                     const std::string& bill_id);
  absl::StatusOr<DaySummary> GetDaySummary(const std::string& org_id,
                                           const std::string& business_date);
  // Recorded as deleted by "PERSON (key 'KEY')": the person is the caller's
  // word (required), the key who the server knows the caller is.
  absl::StatusOr<StoredBill> DeleteBill(const std::string& org_id,
                                        const std::string& bill_id,
                                        const std::string& person,
                                        const std::string& key_name,
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

absl::Status ValidateBusinessDate(const std::string& field, const std::string& date);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_BILL_ADMIN_H_
