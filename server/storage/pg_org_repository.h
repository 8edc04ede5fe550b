// OrgRepository on PostgreSQL: orgs, stores and tills, created idempotently.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_ORG_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_ORG_REPOSITORY_H_

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "server/domain/org/org_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgOrgRepository : public OrgRepository {
 public:
  explicit PgOrgRepository(PgPool* pool) : pool_(pool) {}

  // find_till and get_store, on every new connection: every till stream
  // starts with the one and checks the other before it sells.
  static void PrepareStatements(pqxx::connection& c);

  absl::StatusOr<Org> CreateOrg(const Org& org) override;
  absl::StatusOr<StoreInfo> CreateStore(const StoreInfo& store) override;
  absl::StatusOr<TillInfo> CreateTill(const TillInfo& till) override;
  absl::StatusOr<Org> GetOrg(const std::string& org_id) override;
  absl::StatusOr<std::vector<Org>> ListOrgs() override;
  absl::StatusOr<StoreState> GetStore(const std::string& org_id,
                                      const std::string& store_id) override;
  absl::StatusOr<std::vector<StoreState>> ListStores(const std::string& org_id) override;
  absl::StatusOr<StoreState> UpdateStore(const StoreUpdate& update) override;
  absl::StatusOr<TillContext> FindTill(const std::string& org_id,
                                       const std::string& store_id,
                                       const std::string& till_id) override;
  absl::Status RecordHeldCatalog(const std::string& org_id, const std::string& store_id,
                                 const std::string& till_id,
                                 const std::string& catalog_id, int version) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_ORG_REPOSITORY_H_
