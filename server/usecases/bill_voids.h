// A supervisor voids a bill at the till it was rung on (a sale rung in
// error, the customer walked away): the supervisor's PIN comes on that
// very request, the bill becomes DELETED exactly as when the back office
// deletes it (its number, points and coupons are given back), and the
// audit row names the supervisor, in the same transaction as the write.
// A till voids only its own bills of today's business date; anything else
// is the back office's (AdminService.DeleteBill under an API key).
#ifndef TILLSTREAM_SERVER_USECASES_BILL_VOIDS_H_
#define TILLSTREAM_SERVER_USECASES_BILL_VOIDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/org/org.h"
#include "server/domain/sales/bill.h"
#include "server/usecases/cashier_access.h"
#include "server/usecases/clock.h"
#include "server/usecases/repositories.h"

namespace tillstream {

struct VoidRequest {
  std::string bill_id;
  std::string supervisor_id;
  std::string pin;
  std::string reason;
};

class BillVoids {
 public:
  // `cashiers` null: the server has no cashiers, so nobody can void at a till.
  BillVoids(const Repositories& repos, CashierAccess* cashiers, Clock clock)
      : repos_(repos), cashiers_(cashiers), clock_(std::move(clock)) {}

  // The voided bill. Sent again after a lost answer, the bill is answered
  // as it is (replayed) once the PIN is checked again. NOT_FOUND for a bill
  // unknown to the org; PERMISSION_DENIED for another till's bill or a
  // cashier who is not a supervisor; FAILED_PRECONDITION for a bill of
  // another day or with returns; the PIN's own refusals.
  absl::StatusOr<StoredBill> VoidAtTill(const TillContext& till,
                                        const VoidRequest& request);

 private:
  Repositories repos_;
  CashierAccess* const cashiers_;
  const Clock clock_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_BILL_VOIDS_H_
