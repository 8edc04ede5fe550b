// Enrolment codes and till certificates in memory.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_TILL_CERTIFICATE_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_TILL_CERTIFICATE_REPOSITORY_H_

#include <map>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "server/domain/identity/till_certificate_repository.h"

namespace tillstream::testing {

class FakeTillCertificateRepository : public TillCertificateRepository {
 public:
  struct Code {
    TillEnrolment enrolment;
    bool used = false;
    bool withdrawn = false;
    std::string serial;
    std::string key_sha256;
  };

  absl::Status CreateEnrolment(const TillEnrolment& e) override {
    if (!(e.till == known_till))
      return absl::NotFoundError("no till " + e.till.Describe());
    for (auto& [hash, c] : codes) {
      if (c.enrolment.till == e.till && !c.used) c.withdrawn = true;
    }
    Code code;
    code.enrolment = e;
    codes[e.code_sha256] = code;
    return absl::OkStatus();
  }
  absl::StatusOr<TillCertificateRecord> Redeem(const std::string& code_sha256,
                                               const std::string& key_sha256,
                                               absl::Time now,
                                               const CertificateSigner& sign) override {
    auto it = codes.find(code_sha256);
    if (it == codes.end()) return absl::NotFoundError("no such enrolment code");
    Code& c = it->second;
    if (c.used) {
      if (c.key_sha256 == key_sha256) return certificates[c.serial];
      return absl::FailedPreconditionError("this enrolment code was used");
    }
    if (c.withdrawn) return absl::FailedPreconditionError("withdrawn");
    if (c.enrolment.expires_at <= now) return absl::FailedPreconditionError("expired");
    auto cert = sign(c.enrolment.till);
    if (!cert.ok()) return cert.status();
    for (auto& [serial, r] : certificates) {
      if (r.till == c.enrolment.till && !r.revoked_at) {
        r.revoked_at = now;
        r.revoked_reason = "re-enrolled";
      }
    }
    c.used = true;
    c.serial = cert->serial_hex;
    c.key_sha256 = key_sha256;
    TillCertificateRecord& r = certificates[cert->serial_hex];
    r = TillCertificateRecord{cert->serial_hex, c.enrolment.till, cert->pem,
                              cert->not_after,  std::nullopt,     ""};
    return r;
  }
  absl::StatusOr<TillCertificateRecord> FindCertificate(
      const std::string& serial) override {
    auto it = certificates.find(serial);
    if (it == certificates.end()) return absl::NotFoundError("no certificate " + serial);
    return it->second;
  }
  absl::StatusOr<int> RevokeTill(const TillIdentity& till, const std::string&) override {
    if (!(till == known_till)) return absl::NotFoundError("no till " + till.Describe());
    int n = 0;
    for (auto& [serial, r] : certificates) {
      if (r.till == till && !r.revoked_at) {
        r.revoked_at = absl::Now();
        r.revoked_reason = "revoked";
        revoked.push_back(serial);
        ++n;
      }
    }
    return n;
  }
  absl::StatusOr<std::vector<std::string>> RevokedWithin(absl::Duration) override {
    return revoked;
  }

  TillIdentity known_till{"acme", "s1", "t1"};
  std::map<std::string, Code> codes;
  std::map<std::string, TillCertificateRecord> certificates;
  std::vector<std::string> revoked;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_TILL_CERTIFICATE_REPOSITORY_H_
