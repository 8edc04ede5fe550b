// A new key pair and a certificate request signed by it, as a till makes
// when it enrols: the private key stays with the till, only the request
// travels.
#ifndef TILLSTREAM_COMMON_KEY_REQUEST_H_
#define TILLSTREAM_COMMON_KEY_REQUEST_H_

#include <string>

#include "absl/status/statusor.h"

namespace tillstream {

struct KeyAndRequest {
  std::string private_key_pem;  // PKCS#8, unencrypted: store it mode 0600
  std::string request_pem;      // PKCS#10, signed with the key
};

// An EC P-256 key and a request with subject CN=`common_name` (the signer
// decides the identity; the name is only a hint for people).
absl::StatusOr<KeyAndRequest> MakeKeyAndRequest(const std::string& common_name);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_KEY_REQUEST_H_
