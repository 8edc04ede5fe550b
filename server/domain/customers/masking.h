// What a till may see of a customer: enough for the cashier to recognise
// them ("is this you, Jane, mobile ending 5678?"), not enough to copy their
// contact data off the counter. Back-office roles see the full profile.
#ifndef TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_MASKING_H_
#define TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_MASKING_H_

#include <string>

#include "server/domain/customers/customer.h"

namespace tillstream {

// "+4915112345678" -> "+49*******5678": the country prefix and the last four.
std::string MaskMobile(const std::string& mobile);
// "jane.doe@example.com" -> "j***@example.com".
std::string MaskEmail(const std::string& email);
// Card numbers and external ids: "****8888", the last four only.
std::string MaskTail(const std::string& value);

// The customer with every identifier but the id masked; the name is kept.
Customer MaskedForTill(const Customer& customer);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_CUSTOMERS_MASKING_H_
