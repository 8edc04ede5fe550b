#include "common/openssl_handles.h"

#include <openssl/pem.h>

namespace tillstream::ossl {
namespace {

Bio ReadBio(const std::string& pem) {
  return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

}  // namespace

Cert ReadCert(const std::string& pem) {
  return Cert(PEM_read_bio_X509(ReadBio(pem).get(), nullptr, nullptr, nullptr));
}

Key ReadPrivateKey(const std::string& pem) {
  return Key(PEM_read_bio_PrivateKey(ReadBio(pem).get(), nullptr, nullptr, nullptr));
}

Request ReadRequest(const std::string& pem) {
  return Request(PEM_read_bio_X509_REQ(ReadBio(pem).get(), nullptr, nullptr, nullptr));
}

Bio MemoryBio() { return Bio(BIO_new(BIO_s_mem())); }

std::string Contents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace tillstream::ossl
