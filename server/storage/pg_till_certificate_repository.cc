#include "server/storage/pg_till_certificate_repository.h"

#include "absl/strings/str_cat.h"
#include "common/business_date.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Transact;

const std::string& CertificateColumns() {
  static const auto& columns = *new std::string(
      absl::StrCat("serial_hex, org_id, store_id, till_id, certificate_pem, ",
                   pg::MicrosColumn("not_after"), ", ", pg::Micros("revoked_at"),
                   " AS revoked_at_us, coalesce(revoked_reason, '') AS revoked_reason"));
  return columns;
}

TillCertificateRecord CertificateFromRow(const pqxx::row& r) {
  TillCertificateRecord c;
  c.serial_hex = r["serial_hex"].as<std::string>();
  c.till = TillIdentity{r["org_id"].as<std::string>(), r["store_id"].as<std::string>(),
                        r["till_id"].as<std::string>()};
  c.pem = r["certificate_pem"].as<std::string>();
  c.not_after = pg::TimeOf(r, "not_after_us");
  c.revoked_at = pg::OptTime(r["revoked_at_us"]);
  c.revoked_reason = r["revoked_reason"].as<std::string>();
  return c;
}

bool TillExists(pqxx::transaction_base& tx, const TillIdentity& t) {
  return !tx.exec_params(
                "SELECT 1 FROM tills WHERE org_id = $1 AND store_id = $2"
                " AND till_id = $3",
                t.org_id, t.store_id, t.till_id)
              .empty();
}

// Revokes the till's active certificates; how many.
int RevokeActive(pqxx::transaction_base& tx, const TillIdentity& t, const std::string& by,
                 const std::string& reason) {
  return static_cast<int>(
      tx.exec_params("UPDATE till_certificates SET revoked_at = now(), revoked_by = $4,"
                     " revoked_reason = $5 WHERE org_id = $1 AND store_id = $2"
                     " AND till_id = $3 AND revoked_at IS NULL",
                     t.org_id, t.store_id, t.till_id, by, reason)
          .affected_rows());
}

void WithdrawOpenCodes(pqxx::transaction_base& tx, const TillIdentity& t) {
  tx.exec_params(
      "UPDATE till_enrolments SET withdrawn_at = now() WHERE org_id = $1"
      " AND store_id = $2 AND till_id = $3 AND used_at IS NULL AND withdrawn_at IS NULL",
      t.org_id, t.store_id, t.till_id);
}

}  // namespace

absl::Status PgTillCertificateRepository::CreateEnrolment(const TillEnrolment& e) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::Status {
    pqxx::work tx(c);
    if (!TillExists(tx, e.till))
      return pg::TillNotFound(e.till.org_id, e.till.store_id, e.till.till_id);
    WithdrawOpenCodes(tx, e.till);
    tx.exec_params(
        absl::StrCat("INSERT INTO till_enrolments (code_sha256, org_id, store_id,"
                     " till_id, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, ",
                     pg::FromMicros(6), ")"),
        e.code_sha256, e.till.org_id, e.till.store_id, e.till.till_id, e.created_by,
        absl::ToUnixMicros(e.expires_at));
    tx.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<TillCertificateRecord> PgTillCertificateRepository::Redeem(
    const std::string& code_sha256, const std::string& public_key_sha256, absl::Time now,
    const CertificateSigner& sign) {
  return Transact(
      *pool_, [&](pqxx::connection& c) -> absl::StatusOr<TillCertificateRecord> {
        pqxx::work tx(c);
        const pqxx::result found = tx.exec_params(
            absl::StrCat("SELECT org_id, store_id, till_id, ",
                         pg::MicrosColumn("expires_at"), ", ", pg::Micros("used_at"),
                         " AS used_at_us, ", pg::Micros("withdrawn_at"),
                         " AS withdrawn_at_us FROM till_enrolments WHERE code_sha256 = $1"
                         " FOR UPDATE"),
            code_sha256);
        if (found.empty()) {
          return absl::NotFoundError(
              "no such enrolment code: check what was typed, or ask the back office for "
              "a "
              "new one (posctl enrol-till)");
        }
        const pqxx::row r = found[0];
        const TillIdentity till{r["org_id"].as<std::string>(),
                                r["store_id"].as<std::string>(),
                                r["till_id"].as<std::string>()};
        if (auto used = pg::OptTime(r["used_at_us"])) {
          const pqxx::result issued = tx.exec_params(
              absl::StrCat(
                  "SELECT ", CertificateColumns(),
                  ", public_key_sha256 FROM till_certificates WHERE code_sha256 = $1"),
              code_sha256);
          if (!issued.empty() &&
              issued[0]["public_key_sha256"].as<std::string>() == public_key_sha256 &&
              issued[0]["revoked_at_us"].is_null()) {
            return CertificateFromRow(issued[0]);  // a retry of the same enrolment
          }
          return absl::FailedPreconditionError(absl::StrCat(
              "this enrolment code was used at ", FormatUtc(*used), " (till ",
              till.Describe(), "); codes work once: ask for a new one"));
        }
        if (auto withdrawn = pg::OptTime(r["withdrawn_at_us"])) {
          return absl::FailedPreconditionError(
              absl::StrCat("this enrolment code was withdrawn at ", FormatUtc(*withdrawn),
                           " (a newer code was made for till ", till.Describe(),
                           ", or the till was revoked)"));
        }
        const absl::Time expires = pg::TimeOf(r, "expires_at_us");
        if (expires <= now) {
          return absl::FailedPreconditionError(
              absl::StrCat("this enrolment code expired at ", FormatUtc(expires),
                           ": ask for a new one (posctl enrol-till)"));
        }
        auto cert = sign(till);
        if (!cert.ok()) return cert.status();
        RevokeActive(tx, till, "enrolment", "re-enrolled");
        tx.exec_params(
            absl::StrCat(
                "INSERT INTO till_certificates (serial_hex, org_id, store_id, till_id,"
                " code_sha256, public_key_sha256, certificate_pem, not_after)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, ",
                pg::FromMicros(8), ")"),
            cert->serial_hex, till.org_id, till.store_id, till.till_id, code_sha256,
            cert->public_key_sha256, cert->pem, absl::ToUnixMicros(cert->not_after));
        tx.exec_params(
            "UPDATE till_enrolments SET used_at = now() WHERE code_sha256 = $1",
            code_sha256);
        const pqxx::result stored =
            tx.exec_params(absl::StrCat("SELECT ", CertificateColumns(),
                                        " FROM till_certificates WHERE serial_hex = $1"),
                           cert->serial_hex);
        tx.commit();
        return CertificateFromRow(stored[0]);
      });
}

absl::StatusOr<TillCertificateRecord> PgTillCertificateRepository::FindCertificate(
    const std::string& serial_hex) {
  return Transact(
      *pool_, [&](pqxx::connection& c) -> absl::StatusOr<TillCertificateRecord> {
        pqxx::read_transaction tx(c);
        const pqxx::result r =
            tx.exec_params(absl::StrCat("SELECT ", CertificateColumns(),
                                        " FROM till_certificates WHERE serial_hex = $1"),
                           serial_hex);
        if (r.empty()) {
          return absl::NotFoundError(
              absl::StrCat("no till certificate with serial ", serial_hex));
        }
        return CertificateFromRow(r[0]);
      });
}

absl::StatusOr<int> PgTillCertificateRepository::RevokeTill(const TillIdentity& till,
                                                            const std::string& by) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<int> {
    pqxx::work tx(c);
    if (!TillExists(tx, till))
      return pg::TillNotFound(till.org_id, till.store_id, till.till_id);
    WithdrawOpenCodes(tx, till);
    const int revoked = RevokeActive(tx, till, by, "revoked");
    tx.commit();
    return revoked;
  });
}

absl::StatusOr<std::vector<std::string>> PgTillCertificateRepository::RevokedWithin(
    absl::Duration window) {
  return Transact(*pool_,
                  [&](pqxx::connection& c) -> absl::StatusOr<std::vector<std::string>> {
                    pqxx::read_transaction tx(c);
                    const pqxx::result r = tx.exec_params(
                        "SELECT serial_hex FROM till_certificates"
                        " WHERE revoked_at > now() - make_interval(secs => $1)",
                        absl::ToDoubleSeconds(window));
                    std::vector<std::string> serials;
                    for (const auto& row : r)
                      serials.push_back(row["serial_hex"].as<std::string>());
                    return serials;
                  });
}

}  // namespace tillstream
