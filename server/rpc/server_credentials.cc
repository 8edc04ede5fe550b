#include "server/rpc/server_credentials.h"

#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "common/file_contents.h"
#include "common/openssl_handles.h"

namespace tillstream {
namespace {

// gRPC only finds a bad pair when the first client connects; say it at start.
absl::Status CheckKeyPair(const std::string& cert_pem, const std::string& key_pem,
                          const char* cert_flag, const char* key_flag) {
  const ossl::Cert cert = ossl::ReadCert(cert_pem);
  if (!cert) {
    return absl::InvalidArgumentError(
        absl::StrCat(cert_flag, " is not a PEM certificate"));
  }
  const ossl::Key key = ossl::ReadPrivateKey(key_pem);
  if (!key) {
    return absl::InvalidArgumentError(
        absl::StrCat(key_flag, " is not a PEM private key"));
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(key_flag, " is not the key of the certificate in ", cert_flag));
  }
  if (X509_cmp_current_time(X509_get0_notAfter(cert.get())) < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the certificate in ", cert_flag,
                     " has expired: renew it (deploy/make-certs.sh renews the server "
                     "certificate with the same CA)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ServerTransport> MakeServerTransport(const TransportConfig& config) {
  if (config.insecure) {
    if (!config.cert_file.empty() || !config.key_file.empty()) {
      return absl::InvalidArgumentError(
          "--insecure and --tls_cert/--tls_key together: choose one");
    }
    spdlog::warn(
        "serving PLAINTEXT (--insecure): anyone on the network can read and forge "
        "every call, and tills are taken at their word; use TLS (--tls_cert, "
        "--tls_key, --till_ca_cert, --till_ca_key) outside a closed test network");
    return ServerTransport{grpc::InsecureServerCredentials(), std::nullopt};
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
  if (auto pair = CheckKeyPair(*cert, *key, "--tls_cert", "--tls_key"); !pair.ok()) {
    return pair;
  }
  if (config.till_ca_cert_file.empty() || config.till_ca_key_file.empty()) {
    return absl::InvalidArgumentError(
        "posd identifies tills by certificate: pass --till_ca_cert and --till_ca_key "
        "(env POS_TILL_CA_CERT, POS_TILL_CA_KEY; deploy/make-certs.sh makes a till CA)");
  }
  TillCa till_ca;
  auto till_cert = ReadFileContents(config.till_ca_cert_file,
                                    "the till CA certificate (--till_ca_cert)");
  if (!till_cert.ok()) return till_cert.status();
  auto till_key =
      ReadFileContents(config.till_ca_key_file, "the till CA key (--till_ca_key)");
  if (!till_key.ok()) return till_key.status();
  if (auto pair = CheckKeyPair(*till_cert, *till_key, "--till_ca_cert", "--till_ca_key");
      !pair.ok()) {
    return pair;
  }
  grpc::SslServerCredentialsOptions options(
      // Tills present a certificate, tools do not. TillAuthority checks the
      // chain, validity and revocation of what is presented, so that a
      // refusal reaches the till (and the log) with its reason instead of a
      // failed handshake; the handshake itself still proves the till holds
      // the certificate's private key.
      GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_BUT_DONT_VERIFY);
  options.pem_root_certs = *till_cert;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return ServerTransport{grpc::SslServerCredentials(options),
                         TillCa{*till_cert, *till_key}};
}

}  // namespace tillstream
