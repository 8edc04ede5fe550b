#include "server/domain/identity/till_certificate.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "common/key_request.h"
#include "tests/support/test_ca.h"

namespace tillstream {
namespace {

using testing::MakeCa;
using testing::Pem;

// Whether `cert_pem` chains to `ca` for a TLS client.
bool VerifiesAgainst(const std::string& cert_pem, const TillCa& ca) {
  const ossl::Cert leaf = ossl::ReadCert(cert_pem);
  const ossl::Cert root = ossl::ReadCert(ca.cert_pem);
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

TEST(TillCertificateTest, VerificationNamesTheTillOrSaysWhyNot) {
  const TillCa ca = MakeCa("till CA");
  auto request = MakeKeyAndRequest("t1");
  const absl::Time now = absl::Now();
  auto issued = SignTillRequest(request->request_pem, kTill, ca, now, absl::Hours(24));
  ASSERT_TRUE(issued.ok());
  auto ok = VerifyTillCertificate(issued->pem, ca.cert_pem, now);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->till, kTill);
  EXPECT_EQ(ok->serial_hex, issued->serial_hex);
  EXPECT_LE(absl::AbsDuration(ok->not_after - issued->not_after), absl::Seconds(1));

  auto later = VerifyTillCertificate(issued->pem, ca.cert_pem, now + absl::Hours(25));
  EXPECT_EQ(later.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(later.status().message().find("expired on"), std::string::npos);
  auto early = VerifyTillCertificate(issued->pem, ca.cert_pem, now - absl::Hours(1));
  EXPECT_NE(early.status().message().find("not valid yet"), std::string::npos);
  auto foreign = VerifyTillCertificate(issued->pem, MakeCa("other").cert_pem, now);
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(foreign.status().message().find("not issued by this back office"),
            std::string::npos);
  // The CA itself is no till.
  EXPECT_FALSE(VerifyTillCertificate(ca.cert_pem, ca.cert_pem, now).ok());
  EXPECT_EQ(VerifyTillCertificate("junk", ca.cert_pem, now).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(TillCertificateTest, ARequestsKeyDigestIsTheIssuedCertificatesOwn) {
  const TillCa ca = MakeCa("till CA");
  auto a = MakeKeyAndRequest("a");
  auto b = MakeKeyAndRequest("b");
  auto issued = SignTillRequest(a->request_pem, kTill, ca, absl::Now(), absl::Hours(1));
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(*RequestKeyDigest(a->request_pem), issued->public_key_sha256);
  EXPECT_NE(*RequestKeyDigest(b->request_pem), issued->public_key_sha256);
  EXPECT_EQ(issued->public_key_sha256.size(), 64u);
  EXPECT_FALSE(RequestKeyDigest("junk").ok());
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
