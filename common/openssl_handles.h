// OpenSSL objects owned by std::unique_ptr, and PEM read from and written to
// memory: what every file that handles keys and certificates needs.
#ifndef TILLSTREAM_COMMON_OPENSSL_HANDLES_H_
#define TILLSTREAM_COMMON_OPENSSL_HANDLES_H_

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace tillstream::ossl {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Request = std::unique_ptr<X509_REQ, Deleter<X509_REQ, X509_REQ_free>>;
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

// Null when `pem` holds no such object.
Cert ReadCert(const std::string& pem);
Key ReadPrivateKey(const std::string& pem);
Request ReadRequest(const std::string& pem);

// An empty memory BIO to write PEM into, and what was written to it.
Bio MemoryBio();
std::string Contents(BIO* bio);

}  // namespace tillstream::ossl

#endif  // TILLSTREAM_COMMON_OPENSSL_HANDLES_H_
