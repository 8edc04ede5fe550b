#include "server/domain/staff/cashier.h"

#include <gtest/gtest.h>

#include "common/validation.h"

namespace tillstream {
namespace {

TEST(CashierTest, PinsAreFourToTwelveDigits) {
  for (const char* ok : {"1234", "000000", "123456789012"}) {
    EXPECT_TRUE(CheckPin("pin", ok).ok()) << ok;
  }
  for (const char* bad : {"", "123", "1234567890123", "12a4", "12 34", "-1234"}) {
    auto s = CheckPin("pin", bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(BlamedField(s), "pin");
  }
}

TEST(CashierTest, WrongPinsCountDownToALockThatSaysUntilWhen) {
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  const PinPolicy policy;  // 5 in a row, 15 minutes
  Cashier c;
  c.cashier_id = "c1";
  c.failed_pins = 1;
  auto first = WrongPin(c, policy, now);
  EXPECT_EQ(first.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(first.message().find("4 tries left"), std::string::npos) << first;
  c.failed_pins = 4;
  EXPECT_NE(WrongPin(c, policy, now).message().find("1 try left"), std::string::npos);
  c.failed_pins = 5;
  c.locked_until = now + policy.lock;
  auto locked = WrongPin(c, policy, now);
  EXPECT_EQ(locked.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(locked.message().find("2023-11-14 22:28 UTC"), std::string::npos) << locked;
  EXPECT_FALSE(CheckNotLocked(c, now + absl::Minutes(14)).ok());
  EXPECT_TRUE(CheckNotLocked(c, now + absl::Minutes(15)).ok());
}

}  // namespace
}  // namespace tillstream
