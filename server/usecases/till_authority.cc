#include "server/usecases/till_authority.h"

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/domain/identity/enrolment_code.h"

namespace tillstream {
namespace {

absl::Status CheckTill(const TillIdentity& till) {
  if (auto s = CheckCode("org_id", till.org_id); !s.ok()) return s;
  if (auto s = CheckCode("store_id", till.store_id); !s.ok()) return s;
  return CheckCode("till_id", till.till_id);
}

}  // namespace

absl::StatusOr<IssuedEnrolmentCode> TillAuthority::IssueEnrolmentCode(
    const TillIdentity& till, absl::Duration ttl, const std::string& created_by) {
  if (auto s = CheckTill(till); !s.ok()) return s;
  if (ttl == absl::ZeroDuration()) ttl = kDefaultEnrolmentTtl;
  if (ttl < absl::Minutes(1) || ttl > kMaxEnrolmentTtl) {
    return FieldError("ttl_minutes", "must be 1 to 4320 (three days)");
  }
  const EnrolmentCode code = NewEnrolmentCode();
  const absl::Time expires = clock_() + ttl;
  if (auto s =
          repo_->CreateEnrolment(TillEnrolment{till, code.sha256, expires, created_by});
      !s.ok()) {
    return s;
  }
  return IssuedEnrolmentCode{code.text, expires};
}

absl::StatusOr<TillCertificateRecord> TillAuthority::Enrol(const std::string& code,
                                                           const std::string& csr_pem,
                                                           const std::string& caller) {
  auto digest = EnrolmentCodeDigest("code", code);
  if (!digest.ok()) return digest.status();
  auto key = RequestKeyDigest(csr_pem);
  if (!key.ok()) return FieldError("certificate_request_pem", key.status().message());
  const absl::Time now = clock_();
  const auto redeem = [&]() -> absl::StatusOr<TillCertificateRecord> {
    return repo_->Redeem(*digest, *key, now, [&](const TillIdentity& till) {
      return SignTillRequest(csr_pem, till, ca_, now, validity_);
    });
  };
  if (guesses_ == nullptr) return redeem();
  return guesses_->Guarded(caller, redeem);
}

absl::StatusOr<CertifiedTill> TillAuthority::Authenticate(
    const std::string& peer_cert_pem) {
  if (peer_cert_pem.empty()) {
    return absl::UnauthenticatedError(
        absl::StrCat("this connection has no till certificate: the till is not enrolled",
                     kEnrolTillAgain));
  }
  auto till = VerifyTillCertificate(peer_cert_pem, ca_.cert_pem, clock_());
  if (!till.ok()) return till.status();
  auto record = repo_->FindCertificate(till->serial_hex);
  if (record.status().code() == absl::StatusCode::kNotFound) {
    return absl::UnauthenticatedError(
        absl::StrCat("the till certificate ", till->serial_hex,
                     " was never issued by this back office", kEnrolTillAgain));
  }
  if (!record.ok()) return record.status();
  if (!(record->till == till->till)) {
    return absl::UnauthenticatedError(absl::StrCat(
        "the till certificate ", till->serial_hex, " does not match its record"));
  }
  if (record->revoked_at) {
    return absl::UnauthenticatedError(
        absl::StrCat("the certificate of till ", till->till.Describe(), " was ",
                     record->revoked_reason == "re-enrolled"
                         ? "replaced: the till was enrolled again with a new key"
                         : "revoked by the back office",
                     kEnrolTillAgain));
  }
  return till;
}

absl::StatusOr<int> TillAuthority::RevokeTill(const TillIdentity& till,
                                              const std::string& revoked_by) {
  if (auto s = CheckTill(till); !s.ok()) return s;
  return repo_->RevokeTill(till, revoked_by);
}

absl::StatusOr<std::vector<std::string>> TillAuthority::RecentlyRevoked() {
  return repo_->RevokedWithin(absl::Minutes(5));
}

}  // namespace tillstream
