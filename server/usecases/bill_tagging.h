// Attaching a customer to an anonymous bill after the sale (from the till
// or by the operator): the bill becomes REGULAR and earns its points.
#ifndef TILLSTREAM_SERVER_USECASES_BILL_TAGGING_H_
#define TILLSTREAM_SERVER_USECASES_BILL_TAGGING_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/org/org.h"
#include "server/domain/sales/bill.h"
#include "server/usecases/clock.h"
#include "server/usecases/repositories.h"

namespace tillstream {

class BillTagging {
 public:
  BillTagging(const Repositories& repos, Clock clock)
      : repos_(repos), clock_(std::move(clock)) {}

  // Attaches a customer to an anonymous bill after the sale.
  absl::StatusOr<StoredBill> TagBill(const Org& org, const std::string& bill_id,
                                     const std::string& customer_id,
                                     const std::string& by);

 private:
  Repositories repos_;
  Clock clock_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_BILL_TAGGING_H_
