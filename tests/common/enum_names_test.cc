#include "common/enum_names.h"

#include <gtest/gtest.h>

namespace tillstream {
namespace {

enum class Colour { kRed = 1, kGreen = 2 };

TEST(EnumName, IndexesFromOneAndNamesTheUnknown) {
  EXPECT_STREQ(EnumName(Colour::kRed, {"red", "green"}), "red");
  EXPECT_STREQ(EnumName(Colour::kGreen, {"red", "green"}), "green");
  EXPECT_STREQ(EnumName(static_cast<Colour>(0), {"red", "green"}), "?");
  EXPECT_STREQ(EnumName(static_cast<Colour>(3), {"red", "green"}, "none"), "none");
}

}  // namespace
}  // namespace tillstream
