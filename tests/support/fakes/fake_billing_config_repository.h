// Versions of the billing rules in memory.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_BILLING_CONFIG_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_BILLING_CONFIG_REPOSITORY_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/sales/billing_config_repository.h"

namespace tillstream::testing {

class FakeBillingConfigRepository : public BillingConfigRepository {
 public:
  absl::StatusOr<BillingConfigVersion> GetBillingConfig(const std::string& org) override {
    auto it = configs_.find(org);
    if (it == configs_.end() || it->second.empty()) {
      BillingConfigVersion v;
      v.org_id = org;
      return v;
    }
    return it->second.back();
  }
  absl::StatusOr<BillingConfigVersion> SaveBillingConfig(
      const std::string& org, const BillingConfig& config, int32_t expected,
      const std::string& by, const std::string& reason) override {
    auto& versions = configs_[org];
    if (static_cast<int32_t>(versions.size()) != expected) {
      return absl::AbortedError("changed meanwhile");
    }
    versions.push_back(BillingConfigVersion{org, expected + 1, config, by,
                                            absl::FromUnixSeconds(1700000000), reason});
    return versions.back();
  }
  absl::StatusOr<std::vector<BillingConfigVersion>> BillingConfigHistory(
      const std::string& org) override {
    auto versions = configs_[org];
    return std::vector<BillingConfigVersion>(versions.rbegin(), versions.rend());
  }

 private:
  std::map<std::string, std::vector<BillingConfigVersion>> configs_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_BILLING_CONFIG_REPOSITORY_H_
