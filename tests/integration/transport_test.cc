// posd's transport: TLS by default, plaintext only with --insecure, and the
// start refused with a clear answer when the files are missing or wrong.
#include <gtest/gtest.h>

#include <fstream>

#include "client/channel.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using testing::PgEnvironment;
using testing::TestCerts;

ServerConfig BaseConfig() {
  ServerConfig config;
  config.listen = "127.0.0.1:0";
  config.database_url = PgEnvironment::url();
  config.workers = 2;
  config.db_connections = 2;
  config.drain = std::chrono::seconds(1);
  return config;
}

// GetOrg of an unknown org through `credentials`: NOT_FOUND means the call
// got through to posd.
grpc::Status Probe(const std::string& target,
                   const std::shared_ptr<grpc::ChannelCredentials>& credentials,
                   const std::string& authority = "") {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (!authority.empty()) args.SetSslTargetNameOverride(authority);
  auto stub = pos::v1::AdminService::NewStub(
      grpc::CreateCustomChannel(target, credentials, args));
  grpc::ClientContext ctx;
  SetDeadline(&ctx, std::chrono::seconds(3));
  ctx.AddMetadata("authorization", "Bearer " + testing::AdminKey());
  pos::v1::GetBillingConfigRequest req;
  req.set_org_id("no-such-org");
  pos::v1::BillingConfigVersion resp;
  return stub->GetBillingConfig(&ctx, req, &resp);
}

std::shared_ptr<grpc::ChannelCredentials> TrustingTestCa() {
  std::ifstream in(TestCerts::Get().ca_file());
  grpc::SslCredentialsOptions options;
  options.pem_root_certs.assign(std::istreambuf_iterator<char>(in), {});
  return grpc::SslCredentials(options);
}

TEST(TransportTest, WithoutCertificatesOrInsecurePosdRefusesToStart) {
  auto app = ServerApp::Start(BaseConfig());
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(app.status().message().find("--tls_cert"), std::string::npos);
  EXPECT_NE(app.status().message().find("--insecure"), std::string::npos);
}

TEST(TransportTest, AMissingOrMismatchedKeyIsNamedAtStart) {
  const TestCerts& certs = TestCerts::Get();
  ServerConfig config = BaseConfig();
  config.transport = certs.server_transport();
  config.transport.key_file = certs.dir() + "/absent.key";
  auto missing = ServerApp::Start(config);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("absent.key"), std::string::npos);

  config.transport.key_file = certs.dir() + "/ca.key";  // a key, but not the server's
  auto mismatched = ServerApp::Start(config);
  ASSERT_FALSE(mismatched.ok());
  EXPECT_NE(mismatched.status().message().find("not the key of the certificate"),
            std::string::npos)
      << mismatched.status();
}

TEST(TransportTest, TlsServesClientsThatTrustItsCaAndNoOthers) {
  ServerConfig config = BaseConfig();
  config.transport = TestCerts::Get().server_transport();
  auto app = ServerApp::Start(config);
  ASSERT_TRUE(app.ok()) << app.status();
  const std::string target = "127.0.0.1:" + std::to_string((*app)->port());

  EXPECT_EQ(Probe(target, TrustingTestCa()).error_code(), grpc::StatusCode::NOT_FOUND);
  // The certificate names localhost too.
  EXPECT_EQ(
      Probe("localhost:" + std::to_string((*app)->port()), TrustingTestCa()).error_code(),
      grpc::StatusCode::NOT_FOUND);
  // Plaintext gets nowhere.
  EXPECT_EQ(Probe(target, grpc::InsecureChannelCredentials()).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // Nor does a client that trusts only the system's roots.
  EXPECT_EQ(Probe(target, grpc::SslCredentials({})).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // Nor one that expects another server name than the certificate gives.
  EXPECT_EQ(Probe(target, TrustingTestCa(), "elsewhere.example").error_code(),
            grpc::StatusCode::UNAVAILABLE);
  (*app)->Shutdown();
}

TEST(TransportTest, InsecureServesPlaintextOnlyWhenAskedFor) {
  ServerConfig config = BaseConfig();
  config.transport.insecure = true;
  auto app = ServerApp::Start(config);
  ASSERT_TRUE(app.ok()) << app.status();
  const std::string target = "127.0.0.1:" + std::to_string((*app)->port());
  EXPECT_EQ(Probe(target, grpc::InsecureChannelCredentials()).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Probe(target, TrustingTestCa()).error_code(), grpc::StatusCode::UNAVAILABLE);
  (*app)->Shutdown();

  config.transport.cert_file = TestCerts::Get().server_transport().cert_file;
  auto both = ServerApp::Start(config);
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.status().message().find("choose one"), std::string::npos);
}

TEST(TransportTest, AClientWithAnUnreadableCaFileIsToldSo) {
  const absl::Status s =
      SetChannelSecurity(ChannelSecurity{"/nonexistent/ca.crt", false});
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(s.message().find("/nonexistent/ca.crt"), std::string::npos);
}

}  // namespace
}  // namespace tillstream
