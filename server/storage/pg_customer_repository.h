// CustomerRepository on PostgreSQL: enrolment, update and look-ups, with the
// org's unique identifiers held by customer_identifier_claims (primary key
// org, kind, value), so two servers cannot give one identifier to two
// customers.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_CUSTOMER_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_CUSTOMER_REPOSITORY_H_

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "server/domain/customers/customer_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgCustomerRepository : public CustomerRepository {
 public:
  explicit PgCustomerRepository(PgPool* pool) : pool_(pool) {}

  // The look-ups by identifier, prepared on every new connection.
  static void PrepareStatements(pqxx::connection& c);

  absl::StatusOr<EnrolResult> EnrolCustomer(const std::string& org_id,
                                            const Customer& customer) override;
  absl::StatusOr<Customer> UpdateCustomer(const std::string& org_id,
                                          const Customer& customer) override;
  absl::StatusOr<Customer> FindCustomer(const std::string& org_id, IdentifierKind kind,
                                        const std::string& value) override;
  absl::StatusOr<Customer> FindById(const std::string& org_id,
                                    const std::string& customer_id) override;

 private:
  PgPool* const pool_;
};

namespace pg {
// A customer by id inside `tx`, for the reports too.
std::optional<Customer> ReadCustomer(pqxx::transaction_base& tx,
                                     const std::string& org_id,
                                     const std::string& customer_id);
}  // namespace pg

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_CUSTOMER_REPOSITORY_H_
