#include "server/domain/customers/masking.h"

#include <algorithm>

namespace tillstream {
namespace {

constexpr size_t kShown = 4;

}  // namespace

std::string MaskMobile(const std::string& mobile) {
  if (mobile.empty()) return "";
  // Short numbers keep less, so at least half is always hidden.
  const size_t tail = std::min(kShown, mobile.size() / 2);
  const size_t head = mobile.size() > 10 ? 3 : 0;
  return mobile.substr(0, head) + std::string(mobile.size() - head - tail, '*') +
         mobile.substr(mobile.size() - tail);
}

std::string MaskEmail(const std::string& email) {
  const size_t at = email.rfind('@');
  if (email.empty()) return "";
  if (at == std::string::npos || at == 0) return std::string(email.size(), '*');
  return email.substr(0, 1) + "***" + email.substr(at);
}

std::string MaskTail(const std::string& value) {
  if (value.empty()) return "";
  const size_t tail = std::min(kShown, value.size() / 2);
  return std::string(value.size() - tail, '*') + value.substr(value.size() - tail);
}

Customer MaskedForTill(const Customer& c) {
  Customer m = c;
  m.mobile = MaskMobile(c.mobile);
  m.email = MaskEmail(c.email);
  m.external_id = MaskTail(c.external_id);
  m.card_number = MaskTail(c.card_number);
  return m;
}

}  // namespace tillstream
