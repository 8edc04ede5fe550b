// How a person names a customer on the till or to posctl: "card:NUMBER",
// "ext:EXTERNAL_ID", an email (has an @), a customer id (a UUID), or else a
// mobile number. The server normalises and checks what it gets.
#ifndef TILLSTREAM_CLIENT_CUSTOMER_LOOKUP_H_
#define TILLSTREAM_CLIENT_CUSTOMER_LOOKUP_H_

#include <string>

#include "pos/v1/pos.pb.h"

namespace tillstream {

pos::v1::CustomerLookup ParseCustomerLookup(const std::string& text);

}  // namespace tillstream

#endif  // TILLSTREAM_CLIENT_CUSTOMER_LOOKUP_H_
