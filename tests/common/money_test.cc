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

namespace tillstream {
namespace {

TEST(MulDivRound, HalfEvenGoesToTheEvenNeighbour) {
  EXPECT_EQ(MulDivRound(5, 1, 2, Rounding::kHalfEven).value(), 2);  // 2.5
  EXPECT_EQ(MulDivRound(7, 1, 2, Rounding::kHalfEven).value(), 4);  // 3.5
  EXPECT_EQ(MulDivRound(-5, 1, 2, Rounding::kHalfEven).value(), -2);
  EXPECT_EQ(MulDivRound(26, 1, 10, Rounding::kHalfEven).value(), 3);  // 2.6
  EXPECT_EQ(MulDivRound(5, 1, 2, Rounding::kHalfUp).value(), 3);
}

TEST(Apportion, SplitsToTheCentAndPlacesRemaindersDeterministically) {
  // 1.00 over three equal lines: 34 + 33 + 33, the extra cent to the first.
  EXPECT_EQ(Apportion(100, {500, 500, 500}).value(), (std::vector<int64_t>{34, 33, 33}));
  // Proportional: 10.00 over 1.00 / 3.00 -> 2.50 / 7.50.
  EXPECT_EQ(Apportion(1000, {100, 300}).value(), (std::vector<int64_t>{250, 750}));
  // Largest remainder wins the cent: 0.10 over 1 / 2 / 4 -> exact 1.43, 2.86, 5.71.
  EXPECT_EQ(Apportion(10, {1, 2, 4}).value(), (std::vector<int64_t>{1, 3, 6}));
  EXPECT_EQ(Apportion(0, {0, 0}).value(), (std::vector<int64_t>{0, 0}));
  EXPECT_FALSE(Apportion(5, {0, 0}).ok());
  EXPECT_FALSE(Apportion(-5, {1}).ok());
}

TEST(Apportion, PartsAlwaysSumToTheTotal) {
  uint64_t seed = 42;
  for (int round = 0; round < 200; ++round) {
    std::vector<int64_t> weights;
    int64_t sum = 0;
    for (int i = 0; i < 1 + round % 9; ++i) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      weights.push_back(static_cast<int64_t>(seed >> 40) % 100000);
      sum += weights.back();
    }
    if (sum == 0) continue;
    const int64_t total = static_cast<int64_t>(seed >> 33) % (sum + 1);
    auto parts = Apportion(total, weights).value();
    int64_t got = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
      got += parts[i];
      EXPECT_LE(parts[i], weights[i]);  // a share never exceeds its line
    }
    EXPECT_EQ(got, total);
  }
}

}  // namespace
}  // namespace tillstream
