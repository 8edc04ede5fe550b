#include "common/redemption_code.h"

#include <cctype>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"

namespace tillstream {
namespace {

std::string Plain(const std::string& display) {
  return absl::StrReplaceAll(display, {{"-", ""}});
}

TEST(RedemptionCode, FreshCodesReadBackInAnyCaseAndSpacing) {
  auto code = NewRedemptionCode();
  ASSERT_TRUE(code.ok()) << code.status();
  ASSERT_EQ(code->size(), 20u);  // 18 characters in three dashed groups
  EXPECT_EQ((*code)[6], '-');
  EXPECT_EQ((*code)[13], '-');
  std::string lower = Plain(*code);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto parsed =
      ParseRedemptionCode(" " + lower.substr(0, 9) + " " + lower.substr(9), "code");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, *code);
}

TEST(RedemptionCode, EverySingleMistypedCharacterIsCaught) {
  auto code = NewRedemptionCode();
  ASSERT_TRUE(code.ok());
  const std::string plain = Plain(*code);
  int tried = 0;
  for (size_t i = 0; i < plain.size(); ++i) {
    for (const char c : kCodeAlphabet) {
      if (c == plain[i]) continue;
      std::string typo = plain;
      typo[i] = c;
      auto parsed = ParseRedemptionCode(typo, "code");
      EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument)
          << "typo at " << i << " not caught: " << typo;
      ++tried;
    }
  }
  EXPECT_EQ(tried, 18 * 30);
}

TEST(RedemptionCode, SwappedNeighboursAreCaught) {
  for (int round = 0; round < 20; ++round) {
    auto code = NewRedemptionCode();
    ASSERT_TRUE(code.ok());
    const std::string plain = Plain(*code);
    for (size_t i = 0; i + 1 < plain.size(); ++i) {
      if (plain[i] == plain[i + 1]) continue;
      std::string swapped = plain;
      std::swap(swapped[i], swapped[i + 1]);
      EXPECT_FALSE(ParseRedemptionCode(swapped, "code").ok()) << swapped;
    }
  }
}

TEST(RedemptionCode, LookAlikesAndWrongLengthsAreRefusedWithTheReason) {
  auto code = NewRedemptionCode();
  ASSERT_TRUE(code.ok());
  std::string with_o = Plain(*code);
  with_o[3] = 'O';
  auto bad_char = ParseRedemptionCode(with_o, "redeem.code");
  EXPECT_EQ(bad_char.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_char.status().message().find("character 4"), std::string::npos)
      << bad_char.status();
  auto short_code = ParseRedemptionCode(Plain(*code).substr(1), "redeem.code");
  EXPECT_NE(short_code.status().message().find("18 letters"), std::string::npos)
      << short_code.status();
  EXPECT_FALSE(ParseRedemptionCode("", "redeem.code").ok());
  EXPECT_FALSE(ParseRedemptionCode(Plain(*code) + "2", "redeem.code").ok());
}

TEST(RedemptionCode, CodesDoNotRepeatAndUseTheWholeAlphabet) {
  std::set<std::string> seen;
  std::set<char> letters;
  for (int i = 0; i < 20000; ++i) {
    auto code = NewRedemptionCode();
    ASSERT_TRUE(code.ok());
    EXPECT_TRUE(seen.insert(*code).second) << "repeated " << *code;
    for (const char c : Plain(*code)) letters.insert(c);
  }
  EXPECT_EQ(letters.size(), kCodeAlphabet.size());
}

}  // namespace
}  // namespace tillstream
