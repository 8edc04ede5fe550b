#include "server/domain/identity/till_certificate.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "common/key_request.h"

namespace tillstream {
namespace {

std::string Pem(X509* cert) {
  std::unique_ptr<BIO, decltype(&BIO_free_all)> out(BIO_new(BIO_s_mem()), &BIO_free_all);
  PEM_write_bio_X509(out.get(), cert);
  char* data = nullptr;
  const long n = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

// A self-signed CA, as deploy/make-certs.sh makes one.
TillCa MakeCa(const char* name) {
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

// Whether `cert_pem` chains to `ca` for a TLS client.
bool VerifiesAgainst(const std::string& cert_pem, const TillCa& ca) {
  const auto read = [](const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free_all)> in(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free_all);
    return PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr);
  };
  std::unique_ptr<X509, decltype(&X509_free)> leaf(read(cert_pem), &X509_free);
  std::unique_ptr<X509, decltype(&X509_free)> root(read(ca.cert_pem), &X509_free);
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(),
                                                                &X509_STORE_free);
  X509_STORE_add_cert(store.get(), root.get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(
      X509_STORE_CTX_new(), &X509_STORE_CTX_free);
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), nullptr);
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT);
  return X509_verify_cert(ctx.get()) == 1;
}

const TillIdentity kTill{"acme", "s1", "t1"};

TEST(TillCertificateTest, ASignedRequestNamesTheTillTheServerChoseAndChainsToTheCa) {
  const TillCa ca = MakeCa("till CA");
  // The till asks as "t9 of another org": the name in the request counts for nothing.
  auto request = MakeKeyAndRequest("otherorg/s9/t9");
  ASSERT_TRUE(request.ok());
  const absl::Time now = absl::Now();
  auto issued =
      SignTillRequest(request->request_pem, kTill, ca, now, absl::Hours(24 * 365));
  ASSERT_TRUE(issued.ok()) << issued.status();
  EXPECT_TRUE(VerifiesAgainst(issued->pem, ca));
  EXPECT_FALSE(VerifiesAgainst(issued->pem, MakeCa("foreign CA")));
  auto named = TillOfCertificate(issued->pem);
  ASSERT_TRUE(named.ok()) << named.status();
  EXPECT_EQ(named->till, kTill);
  EXPECT_EQ(named->serial_hex, issued->serial_hex);
  EXPECT_GE(issued->serial_hex.size(), 16u);
  EXPECT_EQ(issued->not_after, now + absl::Hours(24 * 365));
  // The private key never went into the certificate or the request's answer.
  EXPECT_EQ(issued->pem.find("PRIVATE KEY"), std::string::npos);
}

TEST(TillCertificateTest, EveryIssueHasItsOwnSerial) {
  const TillCa ca = MakeCa("till CA");
  auto request = MakeKeyAndRequest("t1");
  auto a = SignTillRequest(request->request_pem, kTill, ca, absl::Now(), absl::Hours(1));
  auto b = SignTillRequest(request->request_pem, kTill, ca, absl::Now(), absl::Hours(1));
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok());
  EXPECT_NE(a->serial_hex, b->serial_hex);
}

TEST(TillCertificateTest, BadRequestsAndCasAreRefused) {
  const TillCa ca = MakeCa("till CA");
  auto request = MakeKeyAndRequest("t1");
  EXPECT_EQ(SignTillRequest("not a request", kTill, ca, absl::Now(), absl::Hours(1))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  // A request whose signature no longer matches (a byte of its body changed).
  std::string tampered = request->request_pem;
  const size_t body = tampered.find('\n') + 40;
  tampered[body] = tampered[body] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(SignTillRequest(tampered, kTill, ca, absl::Now(), absl::Hours(1)).ok());
  TillCa mismatched = ca;
  mismatched.key_pem = MakeKeyAndRequest("x")->private_key_pem;
  EXPECT_EQ(SignTillRequest(request->request_pem, kTill, mismatched, absl::Now(),
                            absl::Hours(1))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  // A CA certificate names no till.
  EXPECT_EQ(TillOfCertificate(ca.cert_pem).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TillIdentityTest, UrisRoundTripAndOnlyCodesAreAccepted) {
  EXPECT_EQ(TillUri(kTill), "tillstream://till/acme/s1/t1");
  EXPECT_EQ(*ParseTillUri("tillstream://till/acme/s1/t1"), kTill);
  EXPECT_FALSE(ParseTillUri("tillstream://till/acme/s1").ok());
  EXPECT_FALSE(ParseTillUri("tillstream://till/acme/s1/t1/x").ok());
  EXPECT_FALSE(ParseTillUri("https://till/acme/s1/t1").ok());
  EXPECT_FALSE(ParseTillUri("tillstream://till/acme/s 1/t1").ok());
}

}  // namespace
}  // namespace tillstream
