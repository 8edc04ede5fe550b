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
#include "server/domain/identity/till_certificate.h"

namespace tillstream::testing {

inline std::string Pem(X509* cert) {
  std::unique_ptr<BIO, decltype(&BIO_free_all)> out(BIO_new(BIO_s_mem()), &BIO_free_all);
  PEM_write_bio_X509(out.get(), cert);
  char* data = nullptr;
  const long n = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

inline TillCa MakeCa(const char* name) {
  auto made = MakeKeyAndRequest(name);
  EXPECT_TRUE(made.ok());
  std::unique_ptr<BIO, decltype(&BIO_free_all)> in(
      BIO_new_mem_buf(made->private_key_pem.data(),
                      static_cast<int>(made->private_key_pem.size())),
      &BIO_free_all);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
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
