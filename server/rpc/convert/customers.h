// Customers, enrolments and look-ups on the wire.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_CUSTOMERS_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_CUSTOMERS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "pos/v1/pos.pb.h"
#include "server/domain/customers/customer.h"

namespace tillstream {

pos::v1::Customer ToProtoCustomer(const Customer& customer);
Customer FromProtoEnrol(const pos::v1::EnrolCustomer& enrol);
// The customer fields of any message that carries them by their usual names
// (an enrolment, an update request).
template <typename Message>
Customer CustomerFields(const Message& m) {
  Customer c;
  c.customer_id = m.customer_id();
  c.name = m.name();
  c.mobile = m.mobile();
  c.email = m.email();
  c.external_id = m.external_id();
  c.card_number = m.card_number();
  return c;
}
// A look-up names one identifier, or the customer id (kind unset then).
struct LookupKey {
  std::optional<IdentifierKind> kind;
  std::string value;
};
absl::StatusOr<LookupKey> FromProtoLookup(const pos::v1::CustomerLookup& lookup,
                                          const std::string& field);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_CUSTOMERS_H_
