// PurchaseRepository on PostgreSQL. A purchase, its lines and its points
// are stored in one transaction; the purchases that refund lines point at
// are locked first, so two refunds of one line cannot both take what is
// left.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_PURCHASE_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_PURCHASE_REPOSITORY_H_

#include <pqxx/pqxx>
#include <string>

#include "server/domain/purchases/purchase_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgPurchaseRepository : public PurchaseRepository {
 public:
  explicit PgPurchaseRepository(PgPool* pool) : pool_(pool) {}

  absl::StatusOr<StoredPurchase> RecordPurchase(const StoredPurchase& purchase,
                                                const std::string& fingerprint,
                                                const PurchasePlanner& plan) override;
  absl::StatusOr<StoredPurchase> GetPurchase(
      const std::string& org_id, const std::string& source,
      const std::string& external_transaction_id) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_PURCHASE_REPOSITORY_H_
