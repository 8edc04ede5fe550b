#include "server/domain/identity/till_certificate.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/digest.h"
#include "common/openssl_handles.h"

namespace tillstream {
namespace {

using ossl::Bignum;
using ossl::Cert;
using ossl::Key;
using ossl::Request;
using Names =
    std::unique_ptr<GENERAL_NAMES, ossl::Deleter<GENERAL_NAMES, GENERAL_NAMES_free>>;

std::string SerialHex(const X509* cert) {
  Bignum bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
  if (!bn) return "";
  char* hex = BN_bn2hex(bn.get());
  std::string out = hex ? hex : "";
  OPENSSL_free(hex);
  return out;
}

absl::Status CheckKeyStrength(EVP_PKEY* key) {
  const int bits = EVP_PKEY_get_bits(key);
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_EC:
      if (bits == 256 || bits == 384) return absl::OkStatus();
      return absl::InvalidArgumentError("the request's EC key must be P-256 or P-384");
    case EVP_PKEY_RSA:
      if (bits >= 2048) return absl::OkStatus();
      return absl::InvalidArgumentError("the request's RSA key is under 2048 bits");
    default:
      return absl::InvalidArgumentError("the request's key must be EC or RSA");
  }
}

std::string KeyDigest(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int size = i2d_PUBKEY(key, &der);
  if (size <= 0) return "";
  std::string digest =
      Sha256Hex(absl::string_view(reinterpret_cast<const char*>(der), size));
  OPENSSL_free(der);
  return digest;
}

absl::Time TimeOf(const ASN1_TIME* t) {
  struct tm parts = {};
  if (ASN1_TIME_to_tm(t, &parts) != 1) return absl::InfinitePast();
  return absl::FromTM(parts, absl::UTCTimeZone());
}

bool AddExtension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  if (ext == nullptr) return false;
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

}  // namespace

absl::StatusOr<IssuedCertificate> SignTillRequest(const std::string& csr_pem,
                                                  const TillIdentity& till,
                                                  const TillCa& ca, absl::Time now,
                                                  absl::Duration validity) {
  Request req = ossl::ReadRequest(csr_pem);
  if (!req) return absl::InvalidArgumentError("the certificate request is not PEM (CSR)");
  Key till_key(X509_REQ_get_pubkey(req.get()));
  if (!till_key || X509_REQ_verify(req.get(), till_key.get()) != 1) {
    return absl::InvalidArgumentError(
        "the certificate request is not signed by its own key");
  }
  if (auto s = CheckKeyStrength(till_key.get()); !s.ok()) return s;

  Cert ca_cert = ossl::ReadCert(ca.cert_pem);
  Key ca_key = ossl::ReadPrivateKey(ca.key_pem);
  if (!ca_cert || !ca_key || X509_check_private_key(ca_cert.get(), ca_key.get()) != 1) {
    return absl::FailedPreconditionError(
        "the till CA's certificate and key do not match");
  }

  Cert cert(X509_new());
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) {
    return absl::UnavailableError("no random serial number: the CSPRNG failed");
  }
  serial[0] &= 0x7f;  // positive
  Bignum bn(BN_bin2bn(serial, sizeof serial, nullptr));
  const bool built =
      X509_set_version(cert.get(), 2) == 1 &&
      BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) != nullptr &&
      X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert.get())) == 1 &&
      X509_NAME_add_entry_by_txt(
          X509_get_subject_name(cert.get()), "O", MBSTRING_UTF8,
          reinterpret_cast<const unsigned char*>(till.org_id.c_str()), -1, -1, 0) == 1 &&
      X509_NAME_add_entry_by_txt(
          X509_get_subject_name(cert.get()), "CN", MBSTRING_UTF8,
          reinterpret_cast<const unsigned char*>(till.Describe().c_str()), -1, -1,
          0) == 1 &&
      ASN1_TIME_set(X509_getm_notBefore(cert.get()),
                    absl::ToTimeT(now - absl::Minutes(5))) != nullptr &&
      ASN1_TIME_set(X509_getm_notAfter(cert.get()), absl::ToTimeT(now + validity)) !=
          nullptr &&
      X509_set_pubkey(cert.get(), till_key.get()) == 1;
  if (!built) return absl::InternalError("could not build the till certificate");
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, ca_cert.get(), cert.get(), nullptr, nullptr, 0);
  const bool extended =
      AddExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
      AddExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature") &&
      AddExtension(cert.get(), &ctx, NID_ext_key_usage, "clientAuth") &&
      AddExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash") &&
      // keyid alone is refused for a CA without a subjectKeyIdentifier;
      // "issuer" lets such a CA be named by its name and serial instead.
      AddExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid,issuer") &&
      AddExtension(cert.get(), &ctx, NID_subject_alt_name, "URI:" + TillUri(till));
  if (!extended)
    return absl::InternalError("could not add the till certificate's extensions");
  if (X509_sign(cert.get(), ca_key.get(), EVP_sha256()) == 0) {
    return absl::InternalError("could not sign the till certificate");
  }
  ossl::Bio out = ossl::MemoryBio();
  PEM_write_bio_X509(out.get(), cert.get());
  return IssuedCertificate{ossl::Contents(out.get()), SerialHex(cert.get()),
                           now + validity, KeyDigest(till_key.get())};
}

absl::StatusOr<std::string> RequestKeyDigest(const std::string& csr_pem) {
  Request req = ossl::ReadRequest(csr_pem);
  if (!req) return absl::InvalidArgumentError("the certificate request is not PEM (CSR)");
  Key key(X509_REQ_get_pubkey(req.get()));
  if (!key) return absl::InvalidArgumentError("the certificate request has no key");
  return KeyDigest(key.get());
}

absl::StatusOr<CertifiedTill> TillOfCertificate(const std::string& cert_pem) {
  Cert cert = ossl::ReadCert(cert_pem);
  if (!cert) return absl::InvalidArgumentError("not a PEM certificate");
  Names names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr)));
  std::optional<TillIdentity> found;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != GEN_URI) continue;
    const ASN1_STRING* uri = name->d.uniformResourceIdentifier;
    auto till = ParseTillUri(
        std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                    static_cast<size_t>(ASN1_STRING_length(uri))));
    if (!till.ok()) continue;
    if (found)
      return absl::InvalidArgumentError("the certificate names more than one till");
    found = *till;
  }
  if (!found) return absl::InvalidArgumentError("the certificate names no till");
  return CertifiedTill{*found, SerialHex(cert.get()),
                       TimeOf(X509_get0_notAfter(cert.get()))};
}

absl::StatusOr<CertifiedTill> VerifyTillCertificate(const std::string& cert_pem,
                                                    const std::string& ca_cert_pem,
                                                    absl::Time now) {
  Cert cert = ossl::ReadCert(cert_pem);
  if (!cert) return absl::UnauthenticatedError("the till certificate is not PEM");
  Cert ca = ossl::ReadCert(ca_cert_pem);
  if (!ca) return absl::FailedPreconditionError("the till CA certificate is not PEM");
  std::unique_ptr<X509_STORE, ossl::Deleter<X509_STORE, X509_STORE_free>> store(
      X509_STORE_new());
  std::unique_ptr<X509_STORE_CTX, ossl::Deleter<X509_STORE_CTX, X509_STORE_CTX_free>> ctx(
      X509_STORE_CTX_new());
  if (!store || !ctx || X509_STORE_add_cert(store.get(), ca.get()) != 1 ||
      X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr) != 1) {
    return absl::InternalError("could not set up certificate verification");
  }
  X509_STORE_CTX_set_time(ctx.get(), 0, absl::ToTimeT(now));
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT);
  if (X509_verify_cert(ctx.get()) != 1) {
    const int err = X509_STORE_CTX_get_error(ctx.get());
    switch (err) {
      case X509_V_ERR_CERT_HAS_EXPIRED:
        return absl::UnauthenticatedError(absl::StrCat(
            "the till certificate expired on ",
            absl::FormatTime("%Y-%m-%d %H:%M UTC", TimeOf(X509_get0_notAfter(cert.get())),
                             absl::UTCTimeZone()),
            kEnrolTillAgain));
      case X509_V_ERR_CERT_NOT_YET_VALID:
        return absl::UnauthenticatedError(
            "the till certificate is not valid yet: check the till's clock");
      case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
      case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
      case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        return absl::UnauthenticatedError(
            absl::StrCat("the till certificate was not issued by this back office's "
                         "till CA",
                         kEnrolTillAgain));
      default:
        return absl::UnauthenticatedError(
            absl::StrCat("the till certificate is not acceptable (",
                         X509_verify_cert_error_string(err), ")", kEnrolTillAgain));
    }
  }
  auto till = TillOfCertificate(cert_pem);
  if (!till.ok()) {
    return absl::UnauthenticatedError(
        absl::StrCat("the till certificate is not a till's: ", till.status().message()));
  }
  return till;
}

}  // namespace tillstream
