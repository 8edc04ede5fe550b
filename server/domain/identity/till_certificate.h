// Till client certificates: the back office signs a till's certificate
// request with the till CA, and puts the till's identity in it itself (a
// subjectAltName URI, see till_identity.h): nothing the till writes in the
// request decides who it is. The request must be signed by its own key
// (proof that the till holds the private key, which never leaves it).
#ifndef TILLSTREAM_SERVER_DOMAIN_IDENTITY_TILL_CERTIFICATE_H_
#define TILLSTREAM_SERVER_DOMAIN_IDENTITY_TILL_CERTIFICATE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/identity/till_identity.h"

namespace tillstream {

// What a refused till certificate's message ends with: the way out.
inline constexpr char kEnrolTillAgain[] =
    "; enrol the till again (posctl enrol-till, then pos-terminal --enrol CODE)";

// The till CA: its certificate and private key, PEM.
struct TillCa {
  std::string cert_pem;
  std::string key_pem;
};

struct IssuedCertificate {
  std::string pem;
  std::string serial_hex;  // upper-case hex, as stored for revocation
  absl::Time not_after;
  std::string public_key_sha256;  // of the till's key (DER SubjectPublicKeyInfo)
};

// The digest of a certificate request's key, as IssuedCertificate has it
// (a retried enrolment is recognised by its key); INVALID_ARGUMENT when
// `csr_pem` is not a request.
absl::StatusOr<std::string> RequestKeyDigest(const std::string& csr_pem);

// Signs `csr_pem` for `till`, valid from a few minutes before `now` (clock
// skew) for `validity`. INVALID_ARGUMENT for a request that is not PEM, not
// signed by its own key, or whose key is weak (EC P-256/P-384 or RSA of
// 2048 bits and more only); FAILED_PRECONDITION for an unusable CA.
absl::StatusOr<IssuedCertificate> SignTillRequest(const std::string& csr_pem,
                                                  const TillIdentity& till,
                                                  const TillCa& ca, absl::Time now,
                                                  absl::Duration validity);

struct CertifiedTill {
  TillIdentity till;
  std::string serial_hex;
  absl::Time not_after;
};
// The till a certificate names (exactly one till URI) and its serial.
absl::StatusOr<CertifiedTill> TillOfCertificate(const std::string& cert_pem);

// TillOfCertificate for a certificate that `ca_cert_pem` signed, valid at
// `now` and made for client authentication; UNAUTHENTICATED saying why not
// (expired, not yet valid, another CA's) otherwise.
absl::StatusOr<CertifiedTill> VerifyTillCertificate(const std::string& cert_pem,
                                                    const std::string& ca_cert_pem,
                                                    absl::Time now);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_IDENTITY_TILL_CERTIFICATE_H_
