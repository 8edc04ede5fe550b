#include "server/rpc/server_credentials.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "common/file_contents.h"

namespace tillstream {
namespace {

// gRPC only finds a bad pair when the first client connects; say it at start.
absl::Status CheckKeyPair(const std::string& cert_pem, const std::string& key_pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> cert_bio(
      BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())), &BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr), &X509_free);
  if (!cert) return absl::InvalidArgumentError("--tls_cert is not a PEM certificate");
  std::unique_ptr<BIO, decltype(&BIO_free)> key_bio(
      BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key) return absl::InvalidArgumentError("--tls_key is not a PEM private key");
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return absl::InvalidArgumentError(
        "--tls_key is not the key of the certificate in --tls_cert");
  }
  if (X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0) {
    return absl::FailedPreconditionError(
        "the server certificate (--tls_cert) has expired: renew it "
        "(deploy/make-certs.sh renews it with the same CA)");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TransportConfig& config) {
  if (config.insecure) {
    if (!config.cert_file.empty() || !config.key_file.empty()) {
      return absl::InvalidArgumentError(
          "--insecure and --tls_cert/--tls_key together: choose one");
    }
    spdlog::warn(
        "serving PLAINTEXT (--insecure): anyone on the network can read and forge "
        "every call; use TLS (--tls_cert, --tls_key) outside a closed test network");
    return grpc::InsecureServerCredentials();
  }
  if (config.cert_file.empty() || config.key_file.empty()) {
    return absl::InvalidArgumentError(
        "posd serves TLS: pass --tls_cert and --tls_key (env POS_TLS_CERT, POS_TLS_KEY; "
        "deploy/make-certs.sh makes a private CA and both files), or --insecure for "
        "plaintext on a closed test network");
  }
  auto cert = ReadFileContents(config.cert_file, "the server certificate (--tls_cert)");
  if (!cert.ok()) return cert.status();
  auto key = ReadFileContents(config.key_file, "the server key (--tls_key)");
  if (!key.ok()) return key.status();
  if (auto pair = CheckKeyPair(*cert, *key); !pair.ok()) return pair;
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

}  // namespace tillstream
