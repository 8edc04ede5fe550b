#include <gtest/gtest.h>

#include <filesystem>

#include "terminal/register.h"
#include "terminal/till_state.h"
#include "tools/catalog_csv.h"

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

TEST(TillState, PersistsTheCounterAndTheOutbox) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("tillstate-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    TillState state(dir.string(), "t1");
    ASSERT_TRUE(state.Init().ok());
    EXPECT_EQ(state.NextBillNumber().value(), "t1-000001");
    EXPECT_EQ(state.NextBillNumber().value(), "t1-000002");
    pos::v1::SubmitBill bill;
    bill.set_bill_id("b1");
    bill.set_bill_number("t1-000002");
    ASSERT_TRUE(state.SaveToOutbox(bill).ok());
  }
  TillState reopened(dir.string(), "t1");
  ASSERT_TRUE(reopened.Init().ok());
  EXPECT_EQ(reopened.NextBillNumber().value(), "t1-000003");  // survives a restart
  auto outbox = reopened.LoadOutbox();
  ASSERT_TRUE(outbox.ok());
  ASSERT_EQ(outbox->size(), 1u);
  EXPECT_EQ((*outbox)[0].bill_number(), "t1-000002");
  ASSERT_TRUE(reopened.RemoveFromOutbox("b1").ok());
  EXPECT_TRUE(reopened.LoadOutbox()->empty());
  std::filesystem::remove_all(dir);
}

TEST(CatalogCsv, ParsesQuotedFieldsUnitsAndBarcodes) {
  auto items = ParseCatalogCsv(
      "sku,name,price,tax_percent,unit,barcodes\n"
      "A1,\"Milk 1L, \"\"organic\"\"\",1.19,7,each,4001|4002\n"
      "A2,Apples,2.99,7.5,kg,\n",
      "EUR");
  ASSERT_TRUE(items.ok()) << items.status();
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].name(), "Milk 1L, \"organic\"");
  EXPECT_EQ((*items)[0].unit_price().minor_units(), 119);
  EXPECT_EQ((*items)[0].barcodes_size(), 2);
  EXPECT_EQ((*items)[1].tax_rate_bp(), 750);
  EXPECT_EQ((*items)[1].unit(), pos::v1::KILOGRAM);
}

TEST(CatalogCsv, ErrorsNameTheLine) {
  auto bad = ParseCatalogCsv(
      "sku,name,price,tax_percent,unit,barcodes\nA1,Milk,1.1.9,7,each,\n", "EUR");
  EXPECT_EQ(bad.status().message().substr(0, 7), "line 2:");
  EXPECT_FALSE(ParseCatalogCsv("A1,Milk,1.19,7,crate,\n", "EUR").ok());
  EXPECT_FALSE(ParseCatalogCsv("A1,\"Milk,1.19,7,each,\n", "EUR").ok());
  EXPECT_FALSE(ParseCatalogCsv("A1,Milk,1.19,107,each,\n", "EUR").ok());
}

}  // namespace
}  // namespace tillstream
