// A customer of the org and the identifiers it is known by.
#ifndef TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_CUSTOMER_H_
#define TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_CUSTOMER_H_

#include <string>

namespace tillstream {

enum class IdentifierKind { kMobile = 1, kEmail = 2, kExternalId = 3, kCardNumber = 4 };
inline constexpr IdentifierKind kAllIdentifierKinds[] = {
    IdentifierKind::kMobile, IdentifierKind::kEmail, IdentifierKind::kExternalId,
    IdentifierKind::kCardNumber};
const char* IdentifierKindName(IdentifierKind kind);  // "mobile", "card number"...

// Identifiers are stored normalised; "" means none.
struct Customer {
  std::string customer_id;
  std::string name;
  std::string mobile;
  std::string email;
  std::string external_id;
  std::string card_number;

  const std::string& identifier(IdentifierKind kind) const;
  std::string& identifier(IdentifierKind kind);
};

struct EnrolResult {
  Customer customer;
  bool existed = false;  // an existing customer was found and updated
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_CUSTOMER_H_
