// Enrolled tills over real TLS: a till is the till its certificate names,
// whatever it writes in its messages; enrolment codes work once, for a
// while; a revoked till is cut off on every posd within seconds; expired,
// foreign and never-issued certificates are refused with their reason.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/file_contents.h"
#include "common/key_request.h"
#include "pos/v1/identity.grpc.pb.h"
#include "server/domain/identity/till_certificate.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::TillRequest;
using pos::v1::TillResponse;
using testing::AdminKey;
using testing::PgEnvironment;

class TillEnrolmentTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    ASSERT_TRUE(AddTill("s1", "t2").ok());
    ASSERT_TRUE(AddStore("s2").ok());
    ASSERT_TRUE(AddTill("s2", "t1").ok());
    enrolment_ = pos::v1::TillEnrolmentService::NewStub(MakeChannel(target_));
  }

  std::string Code(const std::string& till = "t1", const std::string& store = "s1") {
    auto code = RequestEnrolmentCode(target_, AdminKey(), TillRef{org_, store, till}, 0,
                                     std::chrono::seconds(10));
    EXPECT_TRUE(code.ok()) << code.status();
    return code.ok() ? *code : "";
  }

  grpc::Status Enrol(const std::string& code, const std::string& csr,
                     pos::v1::EnrolTillResponse* out) {
    pos::v1::EnrolTillRequest req;
    req.set_code(code);
    req.set_certificate_request_pem(csr);
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(10));
    return enrolment_->Enrol(&ctx, req, out);
  }

  // Connects as `credential` and says hello as `till` of `store`.
  absl::StatusOr<pos::v1::HelloAck> HelloAs(const TillCredential& credential,
                                            const std::string& till,
                                            const std::string& store = "s1",
                                            const std::string& target = "") {
    TillClientOptions o;  // not Options(), which enrols t1
    o.org_id = org_;
    o.timeout = std::chrono::seconds(10);
    o.server = target.empty() ? target_ : target;
    o.credential = credential;
    o.till_id = till;
    o.store_id = store;
    o.max_attempts = 1;
    TillClient client(o);
    return client.Connect();
  }

  // A certificate signed with `ca_dir`'s till CA for org_/s1/t1, valid from
  // `from` for `validity`, that posd never issued.
  TillCredential SignedBy(const std::string& ca_dir, absl::Time from,
                          absl::Duration validity) {
    auto made = MakeKeyAndRequest("test");
    EXPECT_TRUE(made.ok());
    TillCa ca{*ReadFileContents(ca_dir + "/till-ca.crt", "ca"),
              *ReadFileContents(ca_dir + "/till-ca.key", "key")};
    auto cert = SignTillRequest(made->request_pem, TillIdentity{org_, "s1", "t1"}, ca,
                                from, validity);
    EXPECT_TRUE(cert.ok()) << cert.status();
    return TillCredential{cert->pem, made->private_key_pem};
  }

  std::unique_ptr<pos::v1::TillEnrolmentService::Stub> enrolment_;
};

TEST_F(TillEnrolmentTest, AnEnrolledTillSellsAsItselfAndIsStoredUnderItself) {
  TillClient client(Options("t1"));
  ASSERT_TRUE(client.Connect().ok());
  auto stored = client.Call(Submit(NewUuid(), 1, 119));
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(PgEnvironment::Query("SELECT store_id || '/' || till_id FROM bills WHERE "
                                 "org_id = $1",
                                 org_),
            "s1/t1");
  // The private key never reached the back office: only the certificate.
  EXPECT_EQ(
      PgEnvironment::Query("SELECT count(*) FROM till_certificates WHERE org_id = $1 "
                           "AND certificate_pem LIKE '%PRIVATE KEY%'",
                           org_),
      "0");
}

TEST_F(TillEnrolmentTest, ACertificateCannotSpeakForAnotherTillOrAnotherStore) {
  const TillCredential& t1 = TillCert("t1");
  for (const auto& [till, store] :
       {std::pair<const char*, const char*>{"t2", "s1"}, {"t1", "s2"}}) {
    auto hello = HelloAs(t1, till, store);
    EXPECT_EQ(hello.status().code(), absl::StatusCode::kPermissionDenied)
        << till << store;
    EXPECT_NE(hello.status().message().find("certificate is till " + org_ + "/s1/t1"),
              std::string::npos)
        << hello.status();
  }
  EXPECT_TRUE(HelloAs(t1, "t1").ok());
  // The other till's own certificate does work for it.
  EXPECT_TRUE(HelloAs(TillCert("t1", "s2"), "t1", "s2").ok());
  EXPECT_EQ(CountBills(), "0");
}

TEST_F(TillEnrolmentTest, WithoutACertificateATillIsUnauthenticated) {
  auto hello = HelloAs(TillCredential{}, "t1");
  EXPECT_EQ(hello.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(hello.status().message().find("not enrolled"), std::string::npos);
}

TEST_F(TillEnrolmentTest, ExpiredForeignAndNeverIssuedCertificatesAreRefused) {
  const std::string ours = testing::TestCerts::Get().dir();
  auto expired =
      HelloAs(SignedBy(ours, absl::Now() - absl::Hours(48), absl::Hours(24)), "t1");
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("expired"), std::string::npos)
      << expired.status();

  char tmpl[] = "/tmp/tillstream-foreign-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string foreign_dir = tmpl;
  ASSERT_EQ(std::system(("bash " TILLSTREAM_SOURCE_DIR "/deploy/make-certs.sh " +
                         foreign_dir + " 2>/dev/null")
                            .c_str()),
            0);
  auto foreign = HelloAs(SignedBy(foreign_dir, absl::Now(), absl::Hours(24)), "t1");
  std::filesystem::remove_all(foreign_dir);
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(foreign.status().message().find("not issued by this back office"),
            std::string::npos)
      << foreign.status();

  auto unknown = HelloAs(SignedBy(ours, absl::Now(), absl::Hours(24)), "t1");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(unknown.status().message().find("never issued"), std::string::npos)
      << unknown.status();
}

TEST_F(TillEnrolmentTest, ACodeWorksOnceExceptForTheSameKeyRetrying) {
  const std::string code = Code();
  auto key = MakeKeyAndRequest("till");
  ASSERT_TRUE(key.ok());
  pos::v1::EnrolTillResponse first, again, other;
  ASSERT_TRUE(Enrol(code, key->request_pem, &first).ok());
  EXPECT_EQ(first.org_id() + "/" + first.store_id() + "/" + first.till_id(),
            org_ + "/s1/t1");
  // A lost answer, retried: the same certificate, not a second one.
  ASSERT_TRUE(Enrol(code, key->request_pem, &again).ok());
  EXPECT_EQ(again.serial(), first.serial());
  EXPECT_EQ(again.certificate_pem(), first.certificate_pem());
  auto thief = MakeKeyAndRequest("thief");
  const grpc::Status used = Enrol(code, thief->request_pem, &other);
  EXPECT_EQ(used.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(used.error_message().find("was used"), std::string::npos)
      << used.error_message();
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT count(*) FROM till_certificates WHERE org_id = $1", org_),
            "1");
  // Stored only as a hash.
  EXPECT_EQ(PgEnvironment::Query("SELECT count(*) FROM till_enrolments WHERE org_id = $1 "
                                 "AND code_sha256 LIKE '%-%'",
                                 org_),
            "0");
}

TEST_F(TillEnrolmentTest, ExpiredAndWithdrawnCodesAreRefusedAndStoreNothing) {
  const std::string old_code = Code();
  const std::string new_code = Code();  // withdraws the first
  auto key = MakeKeyAndRequest("till");
  pos::v1::EnrolTillResponse out;
  const grpc::Status withdrawn = Enrol(old_code, key->request_pem, &out);
  EXPECT_EQ(withdrawn.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(withdrawn.error_message().find("withdrawn"), std::string::npos);
  PgEnvironment::Query(
      "UPDATE till_enrolments SET expires_at = now() - interval '1 minute' "
      "WHERE org_id = $1 AND used_at IS NULL AND withdrawn_at IS NULL",
      org_);
  const grpc::Status expired = Enrol(new_code, key->request_pem, &out);
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(expired.error_message().find("expired"), std::string::npos);
  const grpc::Status junk = Enrol("not a code", key->request_pem, &out);
  EXPECT_EQ(junk.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const grpc::Status bad_request = Enrol(Code(), "not a request", &out);
  EXPECT_EQ(bad_request.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT count(*) FROM till_certificates WHERE org_id = $1", org_),
            "0");
}

TEST_F(TillEnrolmentTest, EnrollingAgainRotatesTheKey) {
  auto first = EnrolWithKey(target_, AdminKey(), TillRef{org_, "s1", "t1"},
                            std::chrono::seconds(10));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(HelloAs(first->credential, "t1").ok());
  auto second = EnrolWithKey(target_, AdminKey(), TillRef{org_, "s1", "t1"},
                             std::chrono::seconds(10));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(second->credential.key_pem, first->credential.key_pem);
  auto old = HelloAs(first->credential, "t1");
  EXPECT_EQ(old.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(old.status().message().find("enrolled again"), std::string::npos)
      << old.status();
  EXPECT_TRUE(HelloAs(second->credential, "t1").ok());
}

TEST_F(TillEnrolmentTest, ARevokedTillIsCutOffOnBothServersWithinSeconds) {
  auto b = testing::StartTestServer();
  ASSERT_TRUE(b.ok()) << b.status();
  const std::string target_b = "127.0.0.1:" + std::to_string((*b)->port());
  TillClientOptions on_a = Options("t1");
  TillClientOptions on_b = on_a;
  on_b.server = target_b;
  TillClient a(on_a), bc(on_b);
  ASSERT_TRUE(a.Connect().ok());
  ASSERT_TRUE(bc.Connect().ok());
  ASSERT_TRUE(HelloAs(TillCert("t2"), "t2").ok());

  pos::v1::RevokeTillRequest revoke;
  revoke.set_org_id(org_);
  revoke.set_store_id("s1");
  revoke.set_till_id("t1");
  auto identity = pos::v1::IdentityService::NewStub(MakeChannel(target_));
  grpc::ClientContext ctx;
  testing::Authorize(&ctx);
  pos::v1::RevokeTillResponse revoked;
  ASSERT_TRUE(identity->RevokeTill(&ctx, revoke, &revoked).ok());
  EXPECT_EQ(revoked.certificates_revoked(), 1);
  const auto start = std::chrono::steady_clock::now();
  while ((a.connected() || bc.connected()) &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_FALSE(a.connected());
  EXPECT_FALSE(bc.connected());
  EXPECT_LT(seconds, 5.0);
  std::cout << "revoked till cut off on both posd after " << seconds << " s\n";
  for (const std::string& target : {target_, target_b}) {
    auto again = HelloAs(TillCert("t1"), "t1", "s1", target);
    EXPECT_EQ(again.status().code(), absl::StatusCode::kUnauthenticated);
    EXPECT_NE(again.status().message().find("revoked"), std::string::npos)
        << again.status();
  }
  // Other tills go on selling.
  EXPECT_TRUE(HelloAs(TillCert("t2"), "t2").ok());
  // Revoking again is harmless.
  grpc::ClientContext ctx2;
  testing::Authorize(&ctx2);
  ASSERT_TRUE(identity->RevokeTill(&ctx2, revoke, &revoked).ok());
  EXPECT_EQ(revoked.certificates_revoked(), 0);
  (*b)->Shutdown();
}

TEST_F(TillEnrolmentTest, GuessingCodesIsSlowed) {
  auto limited = testing::StartTestServer([](ServerConfig& c) {
    c.guesses.max_failures = 3;
    c.guesses.window = absl::Minutes(10);
  });
  ASSERT_TRUE(limited.ok());
  PgEnvironment::Query("DELETE FROM guess_failures WHERE subject = $1",
                       "enrol:ipv4:127.0.0.1");
  auto stub = pos::v1::TillEnrolmentService::NewStub(
      MakeChannel("127.0.0.1:" + std::to_string((*limited)->port())));
  auto key = MakeKeyAndRequest("guesser");
  std::vector<grpc::StatusCode> codes;
  for (int i = 0; i < 4; ++i) {
    pos::v1::EnrolTillRequest req;
    req.set_code("AAAA-BBBB-CCC" + std::to_string(i));
    req.set_certificate_request_pem(key->request_pem);
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(10));
    pos::v1::EnrolTillResponse out;
    codes.push_back(stub->Enrol(&ctx, req, &out).error_code());
  }
  EXPECT_EQ(codes,
            (std::vector<grpc::StatusCode>{
                grpc::StatusCode::NOT_FOUND, grpc::StatusCode::NOT_FOUND,
                grpc::StatusCode::NOT_FOUND, grpc::StatusCode::RESOURCE_EXHAUSTED}));
  PgEnvironment::Query("DELETE FROM guess_failures WHERE subject = $1",
                       "enrol:ipv4:127.0.0.1");
  (*limited)->Shutdown();
}

}  // namespace
}  // namespace tillstream
