// A self-signed till CA made in memory, as deploy/make-certs.sh makes one
// with openssl, for tests that sign and check till certificates.
#ifndef TILLSTREAM_TESTS_SUPPORT_TEST_CA_H_
#define TILLSTREAM_TESTS_SUPPORT_TEST_CA_H_

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

#include "common/key_request.h"
#include "common/openssl_handles.h"
#include "server/domain/identity/till_certificate.h"

namespace tillstream::testing {

inline std::string Pem(X509* cert) {
  ossl::Bio out = ossl::MemoryBio();
  PEM_write_bio_X509(out.get(), cert);
  return ossl::Contents(out.get());
}

inline TillCa MakeCa(const char* name) {
  auto made = MakeKeyAndRequest(name);
  EXPECT_TRUE(made.ok());
  const ossl::Key key = ossl::ReadPrivateKey(made->private_key_pem);
  ossl::Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(name), -1, -1, 0);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get()));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600L * 24 * 365);
  X509_set_pubkey(cert.get(), key.get());
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* bc =
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_basic_constraints, "critical,CA:TRUE");
  X509_add_ext(cert.get(), bc, -1);
  X509_EXTENSION_free(bc);
  X509_sign(cert.get(), key.get(), EVP_sha256());
  return TillCa{Pem(cert.get()), made->private_key_pem};
}

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_TEST_CA_H_
