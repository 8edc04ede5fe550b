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
// A look-up names one identifier, or the customer id (kind unset then).
struct LookupKey {
  std::optional<IdentifierKind> kind;
  std::string value;
};
absl::StatusOr<LookupKey> FromProtoLookup(const pos::v1::CustomerLookup& lookup,
                                          const std::string& field);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_CUSTOMERS_H_
