#include "common/pin_hash.h"

#include <gtest/gtest.h>

namespace tillstream {
namespace {

TEST(PinHashTest, APinIsCheckedAgainstItsSaltedArgon2idHashOnly) {
  auto a = HashPin("1234");
  auto b = HashPin("1234");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->rfind("$argon2id$", 0), 0u) << *a;
  EXPECT_NE(*a, *b);  // salted: the same PIN twice is two hashes
  EXPECT_EQ(a->find("1234"), std::string::npos);
  EXPECT_TRUE(PinMatches(*a, "1234"));
  EXPECT_TRUE(PinMatches(*b, "1234"));
  EXPECT_FALSE(PinMatches(*a, "1235"));
  EXPECT_FALSE(PinMatches(*a, ""));
  EXPECT_FALSE(PinMatches("not a hash", "1234"));
}

}  // namespace
}  // namespace tillstream
