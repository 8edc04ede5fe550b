// PurchaseService's use case: record a purchase made in another system so
// it counts for loyalty and reports. Validates the figures, finds the
// customer, and plans the points the repository books.
#ifndef TILLSTREAM_SERVER_USECASES_PURCHASE_INTAKE_H_
#define TILLSTREAM_SERVER_USECASES_PURCHASE_INTAKE_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "server/domain/org/org.h"
#include "server/domain/purchases/purchase_repository.h"
#include "server/domain/purchases/purchases.h"
#include "server/usecases/clock.h"
#include "server/usecases/repositories.h"

namespace tillstream {

class PurchaseIntake {
 public:
  PurchaseIntake(const Repositories& repos, PurchaseRepository* purchases,
                 Clock clock = absl::Now)
      : repos_(repos), purchases_(purchases), clock_(std::move(clock)) {}

  // `fingerprint` identifies the body, to tell a resend from a clash.
  absl::StatusOr<StoredPurchase> Record(const std::string& org_id,
                                        const Purchase& purchase,
                                        const std::string& fingerprint);
  absl::StatusOr<StoredPurchase> Get(const std::string& org_id, const std::string& source,
                                     const std::string& external_transaction_id);

 private:
  // The customer by member id (card number), external id, then email; ""
  // when none is given or found.
  absl::StatusOr<std::string> FindBuyer(const Org& org, const Purchase& purchase);

  const Repositories repos_;
  PurchaseRepository* const purchases_;
  const Clock clock_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_PURCHASE_INTAKE_H_
