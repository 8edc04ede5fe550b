// A private CA, posd certificate and till CA for the tests, made once per test binary
// by deploy/make-certs.sh (so the script itself is exercised) in a
// temporary directory removed at exit.
#ifndef TILLSTREAM_TESTS_SUPPORT_TEST_CERTS_H_
#define TILLSTREAM_TESTS_SUPPORT_TEST_CERTS_H_

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "client/channel.h"
#include "server/rpc/server_credentials.h"

namespace tillstream::testing {

class TestCerts {
 public:
  static const TestCerts& Get() {
    static const TestCerts* certs = new TestCerts();
    return *certs;
  }
  const std::string& dir() const { return dir_; }
  std::string ca_file() const { return dir_ + "/ca.crt"; }

  TransportConfig server_transport() const {
    return TransportConfig{dir_ + "/server.crt", dir_ + "/server.key",
                           dir_ + "/till-ca.crt", dir_ + "/till-ca.key", false};
  }
  // Channels of this process trust the test CA.
  void TrustInThisProcess() const {
    const absl::Status s = SetChannelSecurity(ChannelSecurity{ca_file(), false});
    if (!s.ok()) throw std::runtime_error(std::string(s.message()));
  }

 private:
  TestCerts() {
    char tmpl[] = "/tmp/tillstream-certs-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    const std::string cmd = std::string("bash ") + TILLSTREAM_SOURCE_DIR +
                            "/deploy/make-certs.sh " + dir_ + " 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) {
      throw std::runtime_error("deploy/make-certs.sh failed: is openssl installed?");
    }
    static const std::string to_remove = dir_;
    std::atexit([] { std::filesystem::remove_all(to_remove); });
  }
  std::string dir_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_TEST_CERTS_H_
