#include "common/key_request.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace tillstream {
namespace {

std::string Drain(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace

absl::StatusOr<KeyAndRequest> MakeKeyAndRequest(const std::string& common_name) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"),
                                                          &EVP_PKEY_free);
  if (!key) return absl::UnavailableError("could not make an EC key");
  std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)> req(X509_REQ_new(), &X509_REQ_free);
  const bool built =
      X509_REQ_set_version(req.get(), 0) == 1 &&
      X509_NAME_add_entry_by_txt(
          X509_REQ_get_subject_name(req.get()), "CN", MBSTRING_UTF8,
          reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1 &&
      X509_REQ_set_pubkey(req.get(), key.get()) == 1 &&
      X509_REQ_sign(req.get(), key.get(), EVP_sha256()) > 0;
  if (!built) return absl::InternalError("could not make the certificate request");
  std::unique_ptr<BIO, decltype(&BIO_free_all)> key_out(BIO_new(BIO_s_mem()),
                                                        &BIO_free_all);
  std::unique_ptr<BIO, decltype(&BIO_free_all)> req_out(BIO_new(BIO_s_mem()),
                                                        &BIO_free_all);
  if (PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr,
                               nullptr) != 1 ||
      PEM_write_bio_X509_REQ(req_out.get(), req.get()) != 1) {
    return absl::InternalError("could not write the key or the request");
  }
  return KeyAndRequest{Drain(key_out.get()), Drain(req_out.get())};
}

}  // namespace tillstream
