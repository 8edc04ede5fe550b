#include "terminal/till_credentials.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/support/scratch_dir.h"

namespace tillstream {
namespace {

EnrolledTill Sample() {
  EnrolledTill till;
  till.org_id = "acme";
  till.store_id = "s1";
  till.till_id = "t1";
  till.credential =
      TillCredential{"-----BEGIN CERTIFICATE-----\nx\n", "-----BEGIN KEY-----\ny\n"};
  return till;
}

TEST(TillCredentialsTest, AnEnrolledTillIsKeptWithItsKeyForItsEyesOnly) {
  ScratchDir dir("creds");
  const std::string state = (dir.path() / "state").string();
  auto none = LoadEnrolledTill(state);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(SaveEnrolledTill(state, Sample()).ok());
  struct stat st;
  ASSERT_EQ(stat((state + "/till.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = LoadEnrolledTill(state);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->org_id + "/" + (*loaded)->store_id + "/" + (*loaded)->till_id,
            "acme/s1/t1");
  EXPECT_EQ((*loaded)->credential.cert_pem, Sample().credential.cert_pem);
  EXPECT_EQ((*loaded)->credential.key_pem, Sample().credential.key_pem);
}

TEST(TillCredentialsTest, AnInterruptedEnrolmentIsNamedNotUsed) {
  ScratchDir dir("creds");
  const std::string state = dir.path().string();
  ASSERT_TRUE(SaveEnrolledTill(state, Sample()).ok());
  std::filesystem::remove(dir.path() / "till.crt");
  auto loaded = LoadEnrolledTill(state);
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(loaded.status().message().find("enrol the till again"), std::string::npos);
}

}  // namespace
}  // namespace tillstream
