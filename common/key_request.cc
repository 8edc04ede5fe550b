#include "common/key_request.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "common/openssl_handles.h"

namespace tillstream {

absl::StatusOr<KeyAndRequest> MakeKeyAndRequest(const std::string& common_name) {
  ossl::Key key(EVP_EC_gen("P-256"));
  if (!key) return absl::UnavailableError("could not make an EC key");
  ossl::Request req(X509_REQ_new());
  const bool built =
      X509_REQ_set_version(req.get(), 0) == 1 &&
      X509_NAME_add_entry_by_txt(
          X509_REQ_get_subject_name(req.get()), "CN", MBSTRING_UTF8,
          reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1 &&
      X509_REQ_set_pubkey(req.get(), key.get()) == 1 &&
      X509_REQ_sign(req.get(), key.get(), EVP_sha256()) > 0;
  if (!built) return absl::InternalError("could not make the certificate request");
  ossl::Bio key_out = ossl::MemoryBio();
  ossl::Bio req_out = ossl::MemoryBio();
  if (PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr,
                               nullptr) != 1 ||
      PEM_write_bio_X509_REQ(req_out.get(), req.get()) != 1) {
    return absl::InternalError("could not write the key or the request");
  }
  return KeyAndRequest{ossl::Contents(key_out.get()), ossl::Contents(req_out.get())};
}

}  // namespace tillstream
