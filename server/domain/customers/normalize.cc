#include "server/domain/customers/normalize.h"

#include "absl/strings/str_cat.h"
#include "common/identifiers.h"
#include "common/validation.h"

namespace tillstream {

absl::StatusOr<std::string> NormalizeIdentifier(const std::string& field,
                                                IdentifierKind kind,
                                                const std::string& value,
                                                const Org& org) {
  switch (kind) {
    case IdentifierKind::kMobile:
      if (auto s = CheckText(field, value, 40); !s.ok()) return s;
      return NormalizeMobile(field, value, org.default_country_code);
    case IdentifierKind::kEmail:
      if (auto s = CheckText(field, value, 254); !s.ok()) return s;
      return NormalizeEmail(field, value);
    case IdentifierKind::kExternalId:
      return NormalizeExternalId(field, value);
    case IdentifierKind::kCardNumber:
      if (auto s = CheckText(field, value, 64); !s.ok()) return s;
      return NormalizeCardNumber(field, value);
  }
  return FieldError(field, "is not a known kind of identifier");
}

absl::StatusOr<Customer> NormalizeCustomer(const std::string& prefix,
                                           const Customer& customer, const Org& org,
                                           bool need_identifier) {
  Customer c = customer;
  if (auto s = CheckText(prefix + "name", c.name, kMaxNameLength, /*optional=*/true);
      !s.ok()) {
    return s;
  }
  bool any = false;
  for (IdentifierKind kind : kAllIdentifierKinds) {
    const std::string& value = customer.identifier(kind);
    if (value.empty()) continue;
    std::string field = absl::StrCat(prefix, IdentifierKindName(kind));
    for (char& ch : field) {
      if (ch == ' ') ch = '_';
    }
    auto normalized = NormalizeIdentifier(field, kind, value, org);
    if (!normalized.ok()) return normalized.status();
    c.identifier(kind) = *normalized;
    any = true;
  }
  if (need_identifier && !any) {
    return FieldError(prefix + "mobile",
                      "or email, external_id or card_number is required");
  }
  return c;
}

}  // namespace tillstream
