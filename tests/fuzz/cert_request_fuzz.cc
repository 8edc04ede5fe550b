// A till's certificate request as it arrives at enrolment, and a client
// certificate as the back office reads it: the signer refuses a request with
// INVALID_ARGUMENT or issues a certificate naming the till the server chose,
// for the request's own key; no input verifies against a CA that did not
// sign it. The input is PEM text, or DER that is wrapped as PEM here (so the
// fuzzer mutates the ASN.1, not base64).
#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "server/domain/identity/till_certificate.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/test_ca.h"

namespace {

using tillstream::TillCa;
using tillstream::TillIdentity;

std::string AsPem(const std::string& der, const char* label) {
  std::string b64(4 * ((der.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                reinterpret_cast<const unsigned char*>(der.data()),
                                static_cast<int>(der.size()));
  b64.resize(static_cast<size_t>(n));
  std::string pem = std::string("-----BEGIN ") + label + "-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) pem += b64.substr(i, 64) + "\n";
  return pem + "-----END " + label + "-----\n";
}

bool IsPem(const std::string& input) { return input.rfind("-----BEGIN", 0) == 0; }

const TillCa& Ca() {
  static const TillCa* ca = new TillCa(tillstream::testing::MakeCa("fuzz till CA"));
  return *ca;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tillstream;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const TillIdentity till{"acme", "s1", "t1"};
  const absl::Time now = absl::Now();  // within the CA's validity

  const std::string request = IsPem(input) ? input : AsPem(input, "CERTIFICATE REQUEST");
  auto digest = RequestKeyDigest(request);
  FUZZ_CHECK(digest.ok() || digest.status().code() == absl::StatusCode::kInvalidArgument);
  auto issued = SignTillRequest(request, till, Ca(), now, absl::Hours(24));
  if (!issued.ok()) {
    FUZZ_CHECK(issued.status().code() == absl::StatusCode::kInvalidArgument);
  } else {
    // Issued: for the request's own key, naming our till, verifying now.
    FUZZ_CHECK(digest.ok() && *digest == issued->public_key_sha256);
    auto named = VerifyTillCertificate(issued->pem, Ca().cert_pem, now);
    FUZZ_CHECK(named.ok() && named->till == till &&
               named->serial_hex == issued->serial_hex);
    FUZZ_CHECK(
        !VerifyTillCertificate(issued->pem, Ca().cert_pem, now + absl::Hours(25)).ok());
  }

  // The same bytes as a client certificate: never one the CA signed.
  const std::string cert = IsPem(input) ? input : AsPem(input, "CERTIFICATE");
  auto read = TillOfCertificate(cert);
  if (read.ok()) FUZZ_CHECK(!read->till.org_id.empty() && !read->till.till_id.empty());
  FUZZ_CHECK(!VerifyTillCertificate(cert, Ca().cert_pem, now).ok());
  return 0;
}
