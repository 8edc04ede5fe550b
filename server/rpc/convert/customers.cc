#include "server/rpc/convert/customers.h"

#include "absl/strings/str_cat.h"
#include "common/validation.h"

namespace tillstream {

pos::v1::Customer ToProtoCustomer(const Customer& customer) {
  pos::v1::Customer c;
  c.set_customer_id(customer.customer_id);
  c.set_name(customer.name);
  c.set_mobile(customer.mobile);
  c.set_email(customer.email);
  c.set_external_id(customer.external_id);
  c.set_card_number(customer.card_number);
  return c;
}

Customer FromProtoEnrol(const pos::v1::EnrolCustomer& e) { return CustomerFields(e); }

absl::StatusOr<LookupKey> FromProtoLookup(const pos::v1::CustomerLookup& q,
                                          const std::string& field) {
  switch (q.identifier_case()) {
    case pos::v1::CustomerLookup::kMobile:
      return LookupKey{IdentifierKind::kMobile, q.mobile()};
    case pos::v1::CustomerLookup::kEmail:
      return LookupKey{IdentifierKind::kEmail, q.email()};
    case pos::v1::CustomerLookup::kExternalId:
      return LookupKey{IdentifierKind::kExternalId, q.external_id()};
    case pos::v1::CustomerLookup::kCardNumber:
      return LookupKey{IdentifierKind::kCardNumber, q.card_number()};
    case pos::v1::CustomerLookup::kCustomerId:
      return LookupKey{std::nullopt, q.customer_id()};
    case pos::v1::CustomerLookup::IDENTIFIER_NOT_SET:
      break;
  }
  return FieldError(field,
                    "needs one of mobile, email, external_id, card_number, customer_id");
}

}  // namespace tillstream
