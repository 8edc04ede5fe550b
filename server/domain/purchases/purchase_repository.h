// Storage of purchases recorded from other systems, with their points.
#ifndef TILLSTREAM_SERVER_DOMAIN_PURCHASES_PURCHASE_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_PURCHASES_PURCHASE_REPOSITORY_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "server/domain/loyalty/config.h"
#include "server/domain/purchases/purchases.h"

namespace tillstream {

// Runs inside RecordPurchase's transaction with the org's loyalty rules and
// the original lines its refund lines point at (locked): answers the
// purchase with each line's points, or a refusal.
using PurchasePlanner = std::function<absl::StatusOr<Purchase>(
    const LoyaltyConfig& config, const RefundedLines& originals)>;

class PurchaseRepository {
 public:
  virtual ~PurchaseRepository() = default;
  // In one transaction: a (source, external id) recorded already answers
  // the stored record (replayed) when `fingerprint` matches and
  // ALREADY_EXISTS when not; NOT_FOUND for an unknown store;
  // FAILED_PRECONDITION naming a refunded transaction that is not
  // recorded. Locks the purchases refund lines point at, lets `plan` set
  // the points, stores the purchase, books the earned points to the
  // customer and the reversals to each original buyer (at most their
  // balance: points already spent stay spent).
  virtual absl::StatusOr<StoredPurchase> RecordPurchase(const StoredPurchase& purchase,
                                                        const std::string& fingerprint,
                                                        const PurchasePlanner& plan) = 0;
  virtual absl::StatusOr<StoredPurchase> GetPurchase(
      const std::string& org_id, const std::string& source,
      const std::string& external_transaction_id) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_PURCHASES_PURCHASE_REPOSITORY_H_
