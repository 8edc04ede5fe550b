#include "client/register.h"

#include <gtest/gtest.h>

namespace tillstream {
namespace {

pos::v1::PricedLine Line(int no, int64_t amount) {
  pos::v1::PricedLine l;
  l.set_line_no(no);
  l.set_sku("A" + std::to_string(no));
  l.set_name("Item");
  l.mutable_quantity()->set_milli(1000);
  l.mutable_amount()->set_minor_units(amount);
  l.mutable_amount()->set_currency("EUR");
  return l;
}

TEST(Register, TotalsVoidsAndBuildsASelfContainedBill) {
  Register reg;
  reg.AddLine(Line(1, 119));
  reg.AddLine(Line(2, 849));
  EXPECT_EQ(reg.Total(), 968);
  EXPECT_TRUE(reg.VoidLine(1));
  EXPECT_FALSE(reg.VoidLine(1));
  EXPECT_EQ(reg.Total(), 849);
  pos::v1::TenderInput cash;
  cash.set_type(pos::v1::CASH);
  cash.mutable_amount()->set_minor_units(1000);
  reg.AddTender(cash);
  const auto bill =
      reg.BuildBill("id", "t1-1", absl::FromUnixMicros(1700000000123456), "EUR");
  EXPECT_EQ(bill.lines_size(), 1);
  EXPECT_EQ(bill.lines(0).line_no(), 2);
  EXPECT_EQ(bill.client_total().minor_units(), 849);
  EXPECT_EQ(bill.billing_time().seconds(), 1700000000);
  EXPECT_EQ(bill.billing_time().nanos(), 123456000);
  EXPECT_EQ(bill.tenders_size(), 1);
}

}  // namespace
}  // namespace tillstream
