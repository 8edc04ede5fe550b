// A customer of the org and the identifiers it is known by.
#ifndef TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_CUSTOMER_H_
#define TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_CUSTOMER_H_

#include <string>

namespace tillstream {

// Stored (customer_identifier_claims.kind): do not renumber.
enum class IdentifierKind { kMobile = 1, kEmail = 2, kExternalId = 3, kCardNumber = 4 };
static_assert(static_cast<int>(IdentifierKind::kMobile) == 1);
static_assert(static_cast<int>(IdentifierKind::kEmail) == 2);
static_assert(static_cast<int>(IdentifierKind::kExternalId) == 3);
static_assert(static_cast<int>(IdentifierKind::kCardNumber) == 4);

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
