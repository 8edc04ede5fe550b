// Finding and enrolling customers, for the till, the operator and partner
// front ends: identifiers normalised, answers as whole profiles.
#ifndef TILLSTREAM_SERVER_USECASES_CUSTOMER_DIRECTORY_H_
#define TILLSTREAM_SERVER_USECASES_CUSTOMER_DIRECTORY_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "server/domain/customers/customer.h"
#include "server/domain/org/org.h"
#include "server/domain/reports/reports.h"
#include "server/usecases/clock.h"
#include "server/usecases/repositories.h"

namespace tillstream {

class CustomerDirectory {
 public:
  CustomerDirectory(const Repositories& repos, Clock clock)
      : repos_(repos), clock_(std::move(clock)) {}

  // The customer holding `value` as `kind` (normalised first), with
  // balances, last bills and usable coupons.
  absl::StatusOr<CustomerProfile> Lookup(const Org& org, const std::string& field,
                                         IdentifierKind kind, const std::string& value);
  absl::StatusOr<CustomerProfile> Profile(const Org& org, const std::string& customer_id);
  // Enrol-or-update; a missing customer_id gets a new UUID.
  absl::StatusOr<std::pair<CustomerProfile, bool>> Enrol(const Org& org,
                                                         const std::string& prefix,
                                                         const Customer& customer);

 private:
  Repositories repos_;
  Clock clock_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_CUSTOMER_DIRECTORY_H_
