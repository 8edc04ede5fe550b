// BillingConfigRepository on PostgreSQL: one row per version of the org's
// billing rules; the primary key (org, version) lets exactly one of two
// concurrent changes of the same version win.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_BILLING_CONFIG_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_BILLING_CONFIG_REPOSITORY_H_

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "server/domain/sales/billing_config_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgBillingConfigRepository : public BillingConfigRepository {
 public:
  explicit PgBillingConfigRepository(PgPool* pool) : pool_(pool) {}

  // billing_config, read by every submitted bill.
  static void PrepareStatements(pqxx::connection& c);

  absl::StatusOr<BillingConfigVersion> GetBillingConfig(
      const std::string& org_id) override;
  absl::StatusOr<BillingConfigVersion> SaveBillingConfig(
      const std::string& org_id, const BillingConfig& config, int32_t expected_version,
      const std::string& changed_by, const std::string& reason) override;
  absl::StatusOr<std::vector<BillingConfigVersion>> BillingConfigHistory(
      const std::string& org_id) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_BILLING_CONFIG_REPOSITORY_H_
