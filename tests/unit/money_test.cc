#include "common/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "common/quantity.h"

namespace tillstream {
namespace {

TEST(ParseMoney, ParsesByCurrencyDigits) {
  EXPECT_EQ(ParseMoney("12.34", "EUR").value(), 1234);
  EXPECT_EQ(ParseMoney("12.3", "EUR").value(), 1230);
  EXPECT_EQ(ParseMoney("12", "EUR").value(), 1200);
  EXPECT_EQ(ParseMoney("-0.05", "USD").value(), -5);
  EXPECT_EQ(ParseMoney("1234", "JPY").value(), 1234);
  EXPECT_EQ(ParseMoney("1.234", "KWD").value(), 1234);
}

TEST(ParseMoney, RejectsMalformedAndTooPrecise) {
  for (const char* bad :
       {"", "-", ".5", "5.", "1,00", "1e3", "12.345", " 1", "0x10", "--1"}) {
    EXPECT_FALSE(ParseMoney(bad, "EUR").ok()) << bad;
  }
  EXPECT_FALSE(ParseMoney("1.5", "JPY").ok());
  EXPECT_FALSE(ParseMoney("1.00", "XXX").ok());
}

TEST(ParseMoney, RejectsAmountsPastTheLimit) {
  EXPECT_TRUE(ParseMoney("10000000000000.00", "EUR").ok());  // 10^15 minor units
  EXPECT_FALSE(ParseMoney("10000000000000.01", "EUR").ok());
  EXPECT_FALSE(ParseMoney("99999999999999999999999", "EUR").ok());
}

TEST(FormatMoney, FormatsByCurrencyDigits) {
  EXPECT_EQ(FormatMoney(1234, "EUR"), "12.34");
  EXPECT_EQ(FormatMoney(5, "EUR"), "0.05");
  EXPECT_EQ(FormatMoney(-5, "EUR"), "-0.05");
  EXPECT_EQ(FormatMoney(1234, "JPY"), "1234");
  EXPECT_EQ(FormatMoney(1234, "BHD"), "1.234");
  EXPECT_EQ(FormatMoney(std::numeric_limits<int64_t>::min(), "EUR"),
            "-92233720368547758.08");
}

TEST(FormatMoney, RoundTripsThroughParse) {
  for (int64_t v : {0LL, 1LL, 99LL, 100LL, 123456789LL, -42LL}) {
    EXPECT_EQ(ParseMoney(FormatMoney(v, "EUR"), "EUR").value(), v);
  }
}

TEST(MulDivRoundHalfUp, RoundsHalvesAwayFromZero) {
  EXPECT_EQ(MulDivRoundHalfUp(299, 1250, 1000).value(), 374);  // 373.75
  EXPECT_EQ(MulDivRoundHalfUp(5, 1, 2).value(), 3);            // 2.5
  EXPECT_EQ(MulDivRoundHalfUp(-5, 1, 2).value(), -3);
  EXPECT_EQ(MulDivRoundHalfUp(7, 1, 3).value(), 2);
  // Tax contained in 1.19 at 19%: 119 * 1900 / 11900 = 19.
  EXPECT_EQ(MulDivRoundHalfUp(119, 1900, 11900).value(), 19);
}

TEST(MulDivRoundHalfUp, FailsInsteadOfOverflowing) {
  EXPECT_FALSE(MulDivRoundHalfUp(std::numeric_limits<int64_t>::max(), 1000, 1).ok());
  EXPECT_FALSE(MulDivRoundHalfUp(kMaxAbsMinorUnits, 2, 1).ok());
}

TEST(AddMoney, StaysWithinTheLimit) {
  EXPECT_EQ(AddMoney(1, 2).value(), 3);
  EXPECT_FALSE(AddMoney(kMaxAbsMinorUnits, 1).ok());
  EXPECT_FALSE(AddMoney(-kMaxAbsMinorUnits, -1).ok());
}

TEST(Quantity, ParsesThousandths) {
  EXPECT_EQ(ParseQuantity("1").value(), 1000);
  EXPECT_EQ(ParseQuantity("1.25").value(), 1250);
  EXPECT_EQ(ParseQuantity("0.005").value(), 5);
  EXPECT_EQ(ParseQuantity("99999.999").value(), kMaxQuantityMilli);
  for (const char* bad : {"0", "0.000", "-1", "1.2345", "abc", "", ".5", "100000"}) {
    EXPECT_FALSE(ParseQuantity(bad).ok()) << bad;
  }
}

TEST(Quantity, Formats) {
  EXPECT_EQ(FormatQuantity(1000), "1");
  EXPECT_EQ(FormatQuantity(1250), "1.25");
  EXPECT_EQ(FormatQuantity(5), "0.005");
  EXPECT_EQ(FormatQuantity(-1500), "-1.5");
}

}  // namespace
}  // namespace tillstream
