#include "server/domain/customers/customer.h"

#include <utility>

#include "common/enum_names.h"

namespace tillstream {

const char* IdentifierKindName(IdentifierKind kind) {
  return EnumName(kind, {"mobile", "email", "external id", "card number"}, "identifier");
}

const std::string& Customer::identifier(IdentifierKind kind) const {
  switch (kind) {
    case IdentifierKind::kMobile:
      return mobile;
    case IdentifierKind::kEmail:
      return email;
    case IdentifierKind::kExternalId:
      return external_id;
    case IdentifierKind::kCardNumber:
      return card_number;
  }
  return mobile;
}

std::string& Customer::identifier(IdentifierKind kind) {
  return const_cast<std::string&>(std::as_const(*this).identifier(kind));
}

}  // namespace tillstream
