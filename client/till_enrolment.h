// Enrolling a till: the till makes its key pair, sends a certificate
// request with the one-time code the back office gave, and keeps the
// certificate it gets back. The private key never leaves the till.
#ifndef TILLSTREAM_CLIENT_TILL_ENROLMENT_H_
#define TILLSTREAM_CLIENT_TILL_ENROLMENT_H_

#include <chrono>
#include <string>

#include "absl/status/statusor.h"
#include "client/channel.h"

namespace tillstream {

struct EnrolledTill {
  std::string org_id;
  std::string store_id;
  std::string till_id;
  std::string serial;
  std::string valid_until;  // "2027-12-02", for people
  TillCredential credential;
};

// Enrols with `code` at posd `server` (over TLS, without a certificate);
// retries a lost answer with the same key, which the back office answers
// with the same certificate.
absl::StatusOr<EnrolledTill> EnrolTill(const std::string& server, const std::string& code,
                                       std::chrono::milliseconds timeout);

struct TillRef {
  std::string org_id;
  std::string store_id;
  std::string till_id;
};

// A one-time code for `till`, asked for with the API key `api_key`
// (manage_stores); `ttl_minutes` 0 means posd's default of an hour.
absl::StatusOr<std::string> RequestEnrolmentCode(const std::string& server,
                                                 const std::string& api_key,
                                                 const TillRef& till, int ttl_minutes,
                                                 std::chrono::milliseconds timeout);

// Both, for tools and tests that set up their own tills.
absl::StatusOr<EnrolledTill> EnrolWithKey(const std::string& server,
                                          const std::string& api_key, const TillRef& till,
                                          std::chrono::milliseconds timeout);

}  // namespace tillstream

#endif  // TILLSTREAM_CLIENT_TILL_ENROLMENT_H_
