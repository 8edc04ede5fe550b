// Storage of customers and their identifiers.
#ifndef TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_CUSTOMER_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_CUSTOMER_REPOSITORY_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/customers/customer.h"

namespace tillstream {

class CustomerRepository {
 public:
  virtual ~CustomerRepository() = default;
  // Enrol or update, in one transaction: the customer holding any of the
  // given identifiers that the org keeps unique gets the non-empty fields of
  // `customer` (existed = true); with none, `customer` is created under its
  // customer_id. Identifiers are stored as given (already normalised).
  // ALREADY_EXISTS names the identifier when the identifiers belong to
  // different customers. NOT_FOUND for an unknown org.
  virtual absl::StatusOr<EnrolResult> EnrolCustomer(const std::string& org_id,
                                                    const Customer& customer) = 0;
  // Sets the non-empty fields of `customer` on the customer with its id.
  // NOT_FOUND; ALREADY_EXISTS naming an identifier another customer holds
  // when the org keeps it unique.
  virtual absl::StatusOr<Customer> UpdateCustomer(const std::string& org_id,
                                                  const Customer& customer) = 0;
  // NOT_FOUND; FAILED_PRECONDITION when several customers share a value of
  // an identifier the org does not keep unique.
  virtual absl::StatusOr<Customer> FindCustomer(const std::string& org_id,
                                                IdentifierKind kind,
                                                const std::string& value) = 0;
  virtual absl::StatusOr<Customer> FindById(const std::string& org_id,
                                            const std::string& customer_id) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_CUSTOMER_REPOSITORY_H_
