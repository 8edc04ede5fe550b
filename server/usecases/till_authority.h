// Who a till is: the back office enrols tills with one-time codes, signs
// their client certificates with the till CA, recognises them by those
// certificates on every stream and revokes them. The till's private key
// never reaches the back office; the identity in a certificate is the one
// the code was made for, never what the till asked for.
#ifndef TILLSTREAM_SERVER_USECASES_TILL_AUTHORITY_H_
#define TILLSTREAM_SERVER_USECASES_TILL_AUTHORITY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/identity/till_certificate.h"
#include "server/domain/identity/till_certificate_repository.h"
#include "server/usecases/clock.h"
#include "server/usecases/guess_guard.h"

namespace tillstream {

struct IssuedEnrolmentCode {
  std::string code;  // shown once
  absl::Time expires_at;
};

class TillAuthority {
 public:
  // `guesses` limits wrong codes per caller address (none when null).
  TillAuthority(TillCertificateRepository* repo, TillCa ca, GuessGuard* guesses,
                Clock clock, absl::Duration certificate_validity = absl::Hours(24 * 365))
      : repo_(repo),
        ca_(std::move(ca)),
        guesses_(guesses),
        clock_(std::move(clock)),
        validity_(certificate_validity) {}

  // A code for `till`, valid for `ttl` (zero: one hour; at most 72 hours);
  // the till's earlier unused codes stop working.
  absl::StatusOr<IssuedEnrolmentCode> IssueEnrolmentCode(const TillIdentity& till,
                                                         absl::Duration ttl,
                                                         const std::string& created_by);

  // Signs `csr_pem` for the till the code was made for. `caller` names who
  // asks (e.g. "enrol:10.0.0.7") for the guessing limit.
  absl::StatusOr<TillCertificateRecord> Enrol(const std::string& code,
                                              const std::string& csr_pem,
                                              const std::string& caller);

  // The till a connection's peer certificate speaks for. UNAUTHENTICATED
  // with the reason (none, another CA's, expired, revoked, unknown) otherwise.
  absl::StatusOr<CertifiedTill> Authenticate(const std::string& peer_cert_pem);

  absl::StatusOr<int> RevokeTill(const TillIdentity& till, const std::string& revoked_by);

  // Serials revoked in the last few minutes: what open streams to end.
  absl::StatusOr<std::vector<std::string>> RecentlyRevoked();

  const std::string& ca_certificate() const { return ca_.cert_pem; }

 private:
  TillCertificateRepository* const repo_;
  const TillCa ca_;
  GuessGuard* const guesses_;
  const Clock clock_;
  const absl::Duration validity_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_TILL_AUTHORITY_H_
