// Read-only queries over every subsystem's tables, for reports.
#ifndef TILLSTREAM_SERVER_DOMAIN_REPORTS_REPORT_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_REPORTS_REPORT_REPOSITORY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/domain/reports/reports.h"

namespace tillstream {

class ReportRepository {
 public:
  virtual ~ReportRepository() = default;
  // Profile, points balance, the last `last_bills` bills, coupons still
  // usable on `today`. NOT_FOUND for an unknown customer.
  virtual absl::StatusOr<CustomerProfile> GetProfile(const std::string& org_id,
                                                     const std::string& customer_id,
                                                     int last_bills,
                                                     absl::CivilDay today) = 0;
  // Figures leave DELETED bills out (they show among `statuses`).
  virtual absl::StatusOr<DaySummary> GetDaySummary(const std::string& org_id,
                                                   const std::string& business_date) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_REPORTS_REPORT_REPOSITORY_H_
