#include "common/identifiers.h"

#include <gtest/gtest.h>

namespace tillstream {
namespace {

TEST(NormalizeMobile, OneFormWhateverWasTyped) {
  for (const char* typed : {"+49 151 1234-5678", "0049 (151) 12345678", "+4915112345678",
                            "0151/1234 5678", "151.12345678"}) {
    auto m = NormalizeMobile("mobile", typed, "49");
    ASSERT_TRUE(m.ok()) << typed << ": " << m.status();
    EXPECT_EQ(*m, "+4915112345678") << typed;
  }
  EXPECT_EQ(NormalizeMobile("mobile", "+1 (415) 555-0100", "49").value(), "+14155550100");
}

TEST(NormalizeMobile, RefusesWhatIsNoNumber) {
  EXPECT_EQ(
      NormalizeMobile("customer.mobile", "0151 12345678", "").status().message(),
      "customer.mobile '0151 12345678' needs its country code, like +49 151 2345678");
  EXPECT_FALSE(NormalizeMobile("mobile", "+49 151 abc", "49").ok());
  EXPECT_FALSE(NormalizeMobile("mobile", "+49 1", "49").ok());  // too short
  EXPECT_FALSE(NormalizeMobile("mobile", "+49 1511234567890123", "49").ok());  // too long
  EXPECT_FALSE(NormalizeMobile("mobile", "+0151 12345678", "49").ok());
  EXPECT_FALSE(NormalizeMobile("mobile", "++4915112345678", "49").ok());
}

TEST(NormalizeEmail, TrimsAndLowerCases) {
  EXPECT_EQ(NormalizeEmail("email", "  Jane.Doe@Example.COM ").value(),
            "jane.doe@example.com");
  for (const char* bad :
       {"jane", "@example.com", "jane@", "jane@example", "jane@@example.com",
        "ja ne@example.com", "jane@example..com", "jane@.example.com"}) {
    EXPECT_FALSE(NormalizeEmail("email", bad).ok()) << bad;
  }
}

TEST(IsCountryCallingCode, OneToThreeDigits) {
  EXPECT_TRUE(IsCountryCallingCode(""));
  EXPECT_TRUE(IsCountryCallingCode("1"));
  EXPECT_TRUE(IsCountryCallingCode("49"));
  EXPECT_TRUE(IsCountryCallingCode("353"));
  EXPECT_FALSE(IsCountryCallingCode("049"));
  EXPECT_FALSE(IsCountryCallingCode("4912"));
  EXPECT_FALSE(IsCountryCallingCode("+49"));
}

}  // namespace
}  // namespace tillstream
