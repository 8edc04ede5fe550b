// Reports over the other fakes.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_REPORT_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_REPORT_REPOSITORY_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/loyalty/loyalty_repository.h"
#include "server/domain/reports/report_repository.h"

namespace tillstream::testing {

// Profiles from the customer and loyalty fakes; an empty day summary.
class FakeReportRepository : public ReportRepository {
 public:
  void set_sources(CustomerRepository* customers, LoyaltyRepository* loyalty) {
    customers_ = customers;
    loyalty_ = loyalty;
  }

  absl::StatusOr<CustomerProfile> GetProfile(const std::string& org,
                                             const std::string& id, int,
                                             absl::CivilDay) override {
    auto c = customers_->FindById(org, id);
    if (!c.ok()) return c.status();
    CustomerProfile p;
    p.customer = *c;
    p.points = *loyalty_->GetBalance(org, id);
    return p;
  }
  absl::StatusOr<DaySummary> GetDaySummary(const std::string& org,
                                           const std::string& date) override {
    DaySummary s;
    s.org_id = org;
    s.business_date = date;
    return s;
  }

 private:
  CustomerRepository* customers_ = nullptr;
  LoyaltyRepository* loyalty_ = nullptr;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_REPORT_REPOSITORY_H_
