// ReportRepository on PostgreSQL: read-only, and the one storage class
// allowed to read every subsystem's tables (bills, ledger, coupons,
// invoices, purchases) for the day summary and customer profiles.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_REPORT_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_REPORT_REPOSITORY_H_

#include <string>

#include "server/domain/reports/report_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgReportRepository : public ReportRepository {
 public:
  explicit PgReportRepository(PgPool* pool) : pool_(pool) {}

  absl::StatusOr<CustomerProfile> GetProfile(const std::string& org_id,
                                             const std::string& customer_id,
                                             int last_bills,
                                             absl::CivilDay today) override;
  absl::StatusOr<DaySummary> GetDaySummary(const std::string& org_id,
                                           const std::string& business_date) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_REPORT_REPOSITORY_H_
