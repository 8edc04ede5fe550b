#include "server/domain/identity/guess_limit.h"

#include <gtest/gtest.h>

namespace tillstream {
namespace {

TEST(GuessLimitTest, BlockedOnlyAtTheLimitAndUntilTheWindowEnds) {
  const GuessPolicy policy{3, absl::Minutes(5)};
  const absl::Time start = absl::FromUnixSeconds(1'800'000'000);
  EXPECT_EQ(BlockedUntil(GuessWindow{2, start}, policy, start + absl::Minutes(1)),
            std::nullopt);
  EXPECT_EQ(BlockedUntil(GuessWindow{3, start}, policy, start + absl::Minutes(1)),
            start + absl::Minutes(5));
  EXPECT_EQ(BlockedUntil(GuessWindow{9, start}, policy, start + absl::Minutes(5)),
            std::nullopt);
  EXPECT_EQ(BlockedUntil(GuessWindow{}, policy, start), std::nullopt);
}

}  // namespace
}  // namespace tillstream
