// Which till a client certificate speaks for: org, store and till, carried
// in the certificate as the subjectAltName URI tillstream://till/ORG/STORE/TILL
// (the server puts it there when it signs; a till cannot choose it).
#ifndef TILLSTREAM_SERVER_DOMAIN_IDENTITY_TILL_IDENTITY_H_
#define TILLSTREAM_SERVER_DOMAIN_IDENTITY_TILL_IDENTITY_H_

#include <string>

#include "absl/status/statusor.h"

namespace tillstream {

struct TillIdentity {
  std::string org_id;
  std::string store_id;
  std::string till_id;

  bool operator==(const TillIdentity& o) const {
    return org_id == o.org_id && store_id == o.store_id && till_id == o.till_id;
  }
  std::string Describe() const;  // "acme/s1/t1"
};

std::string TillUri(const TillIdentity& till);
// INVALID_ARGUMENT unless `uri` is a till URI whose parts are codes.
absl::StatusOr<TillIdentity> ParseTillUri(const std::string& uri);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_IDENTITY_TILL_IDENTITY_H_
