#include "server/usecases/till_authority.h"

#include <gtest/gtest.h>

#include "common/key_request.h"
#include "common/validation.h"
#include "tests/support/fakes/fake_guess_repository.h"
#include "tests/support/fakes/fake_till_certificate_repository.h"
#include "tests/support/test_ca.h"

namespace tillstream {
namespace {

using testing::FakeTillCertificateRepository;

class TillAuthorityTest : public ::testing::Test {
 protected:
  TillAuthorityTest()
      : ca_(testing::MakeCa("till CA")),
        authority_(&repo_, ca_, nullptr, [this] { return now_; }) {}

  // A code for acme/s1/t1 redeemed with a fresh key.
  absl::StatusOr<TillCertificateRecord> Enrolled(std::string* key_pem = nullptr) {
    auto code = authority_.IssueEnrolmentCode(till_, absl::ZeroDuration(), "key-1");
    if (!code.ok()) return code.status();
    auto made = MakeKeyAndRequest("t1");
    if (key_pem != nullptr) *key_pem = made->private_key_pem;
    return authority_.Enrol(code->code, made->request_pem, "enrol:10.0.0.7");
  }

  absl::Time now_ = absl::Now();
  const TillIdentity till_{"acme", "s1", "t1"};
  FakeTillCertificateRepository repo_;
  const TillCa ca_;
  TillAuthority authority_;
};

TEST_F(TillAuthorityTest, CodesLiveAnHourByDefaultAndAtMostThreeDays) {
  auto code = authority_.IssueEnrolmentCode(till_, absl::ZeroDuration(), "key-1");
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->expires_at, now_ + absl::Hours(1));
  EXPECT_EQ(repo_.codes.size(), 1u);
  EXPECT_EQ(repo_.codes.begin()->second.enrolment.created_by, "key-1");
  for (absl::Duration ttl : {absl::Seconds(30), absl::Hours(73)}) {
    auto refused = authority_.IssueEnrolmentCode(till_, ttl, "key-1");
    EXPECT_EQ(BlamedField(refused.status()), "ttl_minutes");
  }
  EXPECT_TRUE(authority_.IssueEnrolmentCode(till_, absl::Hours(72), "key-1").ok());
  auto bad = authority_.IssueEnrolmentCode(TillIdentity{"acme", "s 1", "t1"},
                                           absl::ZeroDuration(), "key-1");
  EXPECT_EQ(BlamedField(bad.status()), "store_id");
}

TEST_F(TillAuthorityTest, AnEnrolledCertificateAuthenticatesItsTill) {
  auto cert = Enrolled();
  ASSERT_TRUE(cert.ok()) << cert.status();
  EXPECT_EQ(cert->till, till_);
  auto who = authority_.Authenticate(cert->pem);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->till, till_);
  EXPECT_EQ(who->serial_hex, cert->serial_hex);
}

TEST_F(TillAuthorityTest, AnExpiredCodeIsRefusedAndAGoodRequestIsNeededFirst) {
  auto code = authority_.IssueEnrolmentCode(till_, absl::Minutes(5), "key-1");
  auto made = MakeKeyAndRequest("t1");
  auto bad_request = authority_.Enrol(code->code, "junk", "enrol:x");
  EXPECT_EQ(BlamedField(bad_request.status()), "certificate_request_pem");
  EXPECT_TRUE(repo_.certificates.empty());
  now_ += absl::Minutes(6);
  auto expired = authority_.Enrol(code->code, made->request_pem, "enrol:x");
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(BlamedField(authority_.Enrol("12", made->request_pem, "enrol:x").status()),
            "code");
}

TEST_F(TillAuthorityTest, RevokedReplacedAndUnknownCertificatesSayWhy) {
  EXPECT_NE(authority_.Authenticate("").status().message().find("not enrolled"),
            std::string::npos);
  auto first = Enrolled();
  auto second = Enrolled();
  ASSERT_TRUE(first.ok() && second.ok());
  auto replaced = authority_.Authenticate(first->pem);
  EXPECT_EQ(replaced.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(replaced.status().message().find("enrolled again"), std::string::npos);
  ASSERT_EQ(*authority_.RevokeTill(till_, "key-1"), 1);
  auto revoked = authority_.Authenticate(second->pem);
  EXPECT_NE(revoked.status().message().find("revoked by the back office"),
            std::string::npos);
  EXPECT_EQ(*authority_.RecentlyRevoked(), std::vector<std::string>{second->serial_hex});
  repo_.certificates.clear();
  auto unknown = authority_.Authenticate(second->pem);
  EXPECT_NE(unknown.status().message().find("never issued"), std::string::npos);
}

TEST_F(TillAuthorityTest, WrongCodesCountAgainstTheCaller) {
  testing::FakeGuessRepository guesses([this] { return now_; });
  GuessGuard guard(&guesses, GuessPolicy{2, absl::Minutes(5)}, [this] { return now_; });
  TillAuthority limited(&repo_, ca_, &guard, [this] { return now_; });
  auto made = MakeKeyAndRequest("t1");
  EXPECT_EQ(limited.Enrol("AAAA-AAAA-AAAA", made->request_pem, "enrol:a").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(limited.Enrol("AAAA-AAAA-AAAB", made->request_pem, "enrol:a").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(limited.Enrol("AAAA-AAAA-AAAC", made->request_pem, "enrol:a").status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(limited.Enrol("AAAA-AAAA-AAAC", made->request_pem, "enrol:b").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace tillstream
