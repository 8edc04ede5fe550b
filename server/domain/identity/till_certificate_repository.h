// Storage of enrolment codes and till certificates.
#ifndef TILLSTREAM_SERVER_DOMAIN_IDENTITY_TILL_CERTIFICATE_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_IDENTITY_TILL_CERTIFICATE_REPOSITORY_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/identity/till_certificate.h"
#include "server/domain/identity/till_identity.h"

namespace tillstream {

struct TillEnrolment {
  TillIdentity till;
  std::string code_sha256;
  absl::Time expires_at;
  std::string created_by;  // key id
};

struct TillCertificateRecord {
  std::string serial_hex;
  TillIdentity till;
  std::string pem;
  absl::Time not_after;
  std::optional<absl::Time> revoked_at;
  std::string revoked_reason;
};

// Signs the till's request once the code has named the till.
using CertificateSigner =
    std::function<absl::StatusOr<IssuedCertificate>(const TillIdentity&)>;

class TillCertificateRepository {
 public:
  virtual ~TillCertificateRepository() = default;
  // Stores a new code; the till's earlier unused codes stop working.
  // NOT_FOUND for an unknown till.
  virtual absl::Status CreateEnrolment(const TillEnrolment& enrolment) = 0;
  // In one transaction: finds the code (NOT_FOUND), checks it is neither
  // used, withdrawn nor expired at `now` (FAILED_PRECONDITION saying which),
  // signs with `sign`, stores the certificate, revokes the till's earlier
  // certificates ("re-enrolled") and marks the code used. A code already
  // used for this very key (`public_key_sha256`) answers the certificate it
  // gave, so a till whose answer was lost can retry.
  virtual absl::StatusOr<TillCertificateRecord> Redeem(
      const std::string& code_sha256, const std::string& public_key_sha256,
      absl::Time now, const CertificateSigner& sign) = 0;
  // NOT_FOUND for a serial never issued here.
  virtual absl::StatusOr<TillCertificateRecord> FindCertificate(
      const std::string& serial_hex) = 0;
  // Revokes the till's active certificates and withdraws its unused codes;
  // how many certificates it revoked (0 again when repeated). NOT_FOUND for
  // an unknown till.
  virtual absl::StatusOr<int> RevokeTill(const TillIdentity& till,
                                         const std::string& revoked_by) = 0;
  // Serials revoked in the last `window`, by the database's clock.
  virtual absl::StatusOr<std::vector<std::string>> RevokedWithin(
      absl::Duration window) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_IDENTITY_TILL_CERTIFICATE_REPOSITORY_H_
