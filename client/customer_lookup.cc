#include "client/customer_lookup.h"

#include "absl/strings/match.h"
#include "common/ids.h"

namespace tillstream {

pos::v1::CustomerLookup ParseCustomerLookup(const std::string& text) {
  pos::v1::CustomerLookup q;
  if (absl::StartsWith(text, "card:")) {
    q.set_card_number(text.substr(5));
  } else if (absl::StartsWith(text, "ext:")) {
    q.set_external_id(text.substr(4));
  } else if (text.find('@') != std::string::npos) {
    q.set_email(text);
  } else if (IsUuid(text)) {
    q.set_customer_id(text);
  } else {
    q.set_mobile(text);
  }
  return q;
}

}  // namespace tillstream
