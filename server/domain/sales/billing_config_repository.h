// Storage of the org's billing rules, one version per change.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_BILLING_CONFIG_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_BILLING_CONFIG_REPOSITORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/sales/billing_rules.h"

namespace tillstream {

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

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_BILLING_CONFIG_REPOSITORY_H_
