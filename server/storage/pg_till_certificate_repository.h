// TillCertificateRepository on PostgreSQL: till_enrolments and
// till_certificates.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_TILL_CERTIFICATE_REPOSITORY_H_
#define TILLSTREAM_SERVER_STORAGE_PG_TILL_CERTIFICATE_REPOSITORY_H_

#include <string>
#include <vector>

#include "server/domain/identity/till_certificate_repository.h"
#include "server/storage/pg_pool.h"

namespace tillstream {

class PgTillCertificateRepository : public TillCertificateRepository {
 public:
  explicit PgTillCertificateRepository(PgPool* pool) : pool_(pool) {}

  absl::Status CreateEnrolment(const TillEnrolment& enrolment) override;
  absl::StatusOr<TillCertificateRecord> Redeem(const std::string& code_sha256,
                                               const std::string& public_key_sha256,
                                               absl::Time now,
                                               const CertificateSigner& sign) override;
  absl::StatusOr<TillCertificateRecord> FindCertificate(
      const std::string& serial_hex) override;
  absl::StatusOr<int> RevokeTill(const TillIdentity& till,
                                 const std::string& revoked_by) override;
  absl::StatusOr<std::vector<std::string>> RevokedWithin(absl::Duration window) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_TILL_CERTIFICATE_REPOSITORY_H_
