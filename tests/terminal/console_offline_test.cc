// The console without the back office: it sells from the till's catalog
// copy, keeps the bills in the outbox and sends them once the link is back;
// without a copy it sells nothing.
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "tests/terminal/console_fixture.h"

namespace tillstream {
namespace {

// The till's copy, version 7: 1001 at 2.50, 1002 at 1.00 (as the fake prices).
void HoldCopy(LocalCatalog& catalog) {
  pos::v1::CatalogDelta v7;
  v7.set_catalog_id("main");
  v7.set_to_version(7);
  v7.set_currency("EUR");
  for (const auto& [barcode, price] :
       {std::pair<const char*, int64_t>{"1001", 250}, {"1002", 100}}) {
    auto* e = v7.add_items();
    e->set_sku(std::string("SKU") + barcode);
    e->set_name(std::string("Item ") + barcode);
    e->mutable_unit_price()->set_minor_units(price);
    e->mutable_unit_price()->set_currency("EUR");
    e->set_unit(pos::v1::EACH);
    e->add_barcodes(barcode);
  }
  ASSERT_TRUE(catalog.Apply({v7}).ok());
}

TEST_F(ConsoleTest, WithoutTheBackOfficeTheTillSellsFromItsCopyAndSendsTheBillsLater) {
  HoldCopy(*catalog_);
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.reachable = false;
  }
  Type({"1001", "1002", "qty 2", "1002", "void 2", "total"});
  std::string out = Output();
  EXPECT_NE(out.find("OFFLINE: the back office cannot be reached"), std::string::npos)
      << out;
  EXPECT_NE(out.find("catalog main version 7"), std::string::npos) << out;
  EXPECT_NE(out.find("TOTAL 4.50 EUR"), std::string::npos) << out;
  EXPECT_TRUE(console_->offline());

  // What needs the back office is refused with the reason.
  Type({"customer +4915112345678", "coupon ABC", "return x full"});
  out = Output();
  EXPECT_NE(out.find("! customer needs the back office"), std::string::npos) << out;
  EXPECT_NE(out.find("! coupon needs the back office"), std::string::npos) << out;
  EXPECT_NE(out.find("! return needs the back office"), std::string::npos) << out;

  Type({"pay cash 5.00", "1002", "pay card"});
  out = Output();
  EXPECT_NE(out.find("rung OFFLINE from catalog version 7, total 4.50 EUR"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Rung offline"), std::string::npos) << out;  // on the receipt
  EXPECT_EQ(OutboxFiles(), 2u);
  EXPECT_EQ(office_.Count(), 0u);

  // The link returns: the next sale is online again, the bills go in order.
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.reachable = true;
  }
  console_->OnServerReachable();
  Type({"1001"});
  out = Output();
  EXPECT_NE(out.find("back office reachable again"), std::string::npos) << out;
  EXPECT_EQ(out.find("(offline)"), std::string::npos) << out;  // priced by the server
  EXPECT_FALSE(console_->offline());
  ASSERT_TRUE(WaitUntilDrained());
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    ASSERT_EQ(office_.arrival, (std::vector<std::string>{"t1-000001", "t1-000002"}));
    for (const auto& [id, b] : office_.bills) {
      EXPECT_EQ(b.offline().catalog_id(), "main");
      EXPECT_EQ(b.offline().catalog_version(), 7);
      if (b.bill_number() == "t1-000001") {
        EXPECT_EQ(b.lines_size(), 2);  // line 2 was voided
        EXPECT_EQ(b.lines(1).quantity_milli(), 2000);
        EXPECT_EQ(b.client_total().minor_units(), 450);
      }
    }
  }
  Type({"pay cash"});
  EXPECT_EQ(Stop(), kExitAllRecorded);
}

TEST_F(ConsoleTest, ASaleBegunOfflineStaysOfflineToItsEnd) {
  HoldCopy(*catalog_);
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.reachable = false;
  }
  Type({"1001"});
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.reachable = true;
  }
  console_->OnServerReachable();
  Type({"1002", "pay cash"});
  const std::string out = Output();
  EXPECT_NE(out.find("rung OFFLINE"), std::string::npos) << out;
  EXPECT_EQ(out.find("reachable again"), std::string::npos) << out;
  ASSERT_TRUE(WaitUntilDrained());
  EXPECT_EQ(OnlyBill().offline().catalog_version(), 7);
  EXPECT_EQ(Stop(), kExitAllRecorded);
}

// Cancelling offline, with or without lines, asks the server nothing.
TEST_F(ConsoleTest, CancellingOfflineNeedsNoBackOffice) {
  HoldCopy(*catalog_);
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.reachable = false;
  }
  Type({"1001", "cancel", "cancel"});
  const std::string out = Output();
  EXPECT_TRUE(console_->offline());
  int refusals = 0;  // "! " lines but the OFFLINE notice
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    if (absl::StartsWith(line, "! ") && !absl::StartsWith(line, "! OFFLINE")) ++refusals;
  }
  EXPECT_EQ(refusals, 0) << out;
  EXPECT_NE(out.find("bill cancelled"), std::string::npos) << out;
  EXPECT_FALSE(console_->bill_open());
}

TEST_F(ConsoleTest, WithoutACopyAnUnreachableBackOfficeSellsNothing) {
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.reachable = false;
  }
  Type({"1001"});
  const std::string out = Output();
  EXPECT_NE(out.find("! scan 1001: no route to the back office"), std::string::npos)
      << out;
  EXPECT_FALSE(console_->offline());
  EXPECT_FALSE(console_->bill_open());
}

}  // namespace
}  // namespace tillstream
