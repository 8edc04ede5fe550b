// Customer identifiers as the back office stores them: each kind normalised
// the same way on enrolment, update and look-up, so one person typed two
// ways is one customer.
#ifndef TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_NORMALIZE_H_
#define TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_NORMALIZE_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/customers/customer.h"
#include "server/domain/org/org.h"

namespace tillstream {

// The stored form of one identifier; INVALID_ARGUMENT names `field`.
absl::StatusOr<std::string> NormalizeIdentifier(const std::string& field,
                                                IdentifierKind kind,
                                                const std::string& value, const Org& org);

// Checks the name and normalises every non-empty identifier; with
// `need_identifier`, at least one must be given. `prefix` goes before field
// names ("enrol_customer.").
absl::StatusOr<Customer> NormalizeCustomer(const std::string& prefix,
                                           const Customer& customer, const Org& org,
                                           bool need_identifier);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_NORMALIZE_H_
