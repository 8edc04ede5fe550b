#include "server/usecases/guess_guard.h"

#include <gtest/gtest.h>

#include "tests/support/fakes/fake_guess_repository.h"

namespace tillstream {
namespace {

class GuessGuardTest : public ::testing::Test {
 protected:
  absl::StatusOr<int> Look(const std::string& subject, bool exists) {
    return guard_.Guarded(subject, [&]() -> absl::StatusOr<int> {
      ++calls_;
      if (!exists) return absl::NotFoundError("no such coupon");
      return 1;
    });
  }

  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
  testing::FakeGuessRepository guesses_{[this] { return now_; }};
  GuessGuard guard_{&guesses_, GuessPolicy{3, absl::Minutes(5)}, [this] { return now_; }};
  int calls_ = 0;
};

TEST_F(GuessGuardTest, WrongGuessesBlockTheSubjectUntilTheWindowEnds) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Look("till:a/s/t1", false).status().code(), absl::StatusCode::kNotFound);
  }
  const absl::Status blocked = Look("till:a/s/t1", true).status();
  EXPECT_EQ(blocked.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(blocked.message().find("retry after"), std::string::npos);
  EXPECT_NE(blocked.message().find("in 300 s"), std::string::npos) << blocked.message();
  EXPECT_EQ(calls_, 3);  // the blocked call never ran
  // Another subject is not affected; the first may try again after the window.
  EXPECT_TRUE(Look("till:a/s/t2", true).ok());
  now_ += absl::Minutes(5);
  EXPECT_TRUE(Look("till:a/s/t1", true).ok());
}

TEST_F(GuessGuardTest, RightAnswersAndOtherRefusalsDoNotCount) {
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(Look("key:k", true).ok());
  for (int i = 0; i < 10; ++i) {
    auto r = guard_.Guarded("key:k", []() -> absl::StatusOr<int> {
      return absl::InvalidArgumentError("bad");
    });
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(Look("key:k", true).ok());
}

}  // namespace
}  // namespace tillstream
