#include "server/domain/sales/offline_sales.h"

#include <gtest/gtest.h>

#include "server/domain/sales/pricing.h"
#include "tests/support/acme_till.h"

namespace tillstream {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1763800000);

// Version 1 at T0, 2 an hour later, 3 two hours later.
std::vector<VersionPublished> History() {
  return {{1, kT0}, {2, kT0 + absl::Hours(1)}, {3, kT0 + absl::Hours(2)}};
}

CatalogItem Item(std::string sku, int64_t price) {
  return CatalogItem{std::move(sku), "Item", price, 700, Uom::kEach, {}};
}

BillInput Offline(int version) {
  BillInput in;
  in.bill_id = "123e4567-e89b-42d3-a456-426614174000";
  in.bill_number = "t1-000001";
  in.billing_time = kT0;
  in.client_currency = "EUR";
  in.lines = {{1, "A1", 2000, 0}, {2, "B1", 1000, 0}};
  in.tenders = {{TenderType::kCash, 500, ""}};
  in.offline = OfflineSale{"main", version};
  return in;
}

TEST(VersionCurrentAt, IsTheLastPublishedAtOrBefore) {
  EXPECT_EQ(VersionCurrentAt(History(), kT0 - absl::Seconds(1)), 0);
  EXPECT_EQ(VersionCurrentAt(History(), kT0), 1);
  EXPECT_EQ(VersionCurrentAt(History(), kT0 + absl::Minutes(61)), 2);
  EXPECT_EQ(VersionCurrentAt(History(), kT0 + absl::Hours(5)), 3);
}

TEST(OfflinePricesStand, WhenTheVersionWasCurrentAtTheBillingTime) {
  EXPECT_TRUE(OfflinePricesStand(History(), 2, kT0 + absl::Minutes(90)));
  EXPECT_TRUE(OfflinePricesStand(History(), 3, kT0 + absl::Hours(9)));
  // A till whose clock is behind every version: its own version stands.
  EXPECT_TRUE(OfflinePricesStand(History(), 1, kT0 - absl::Hours(1)));
}

TEST(OfflinePricesStand, WithinTheGraceAfterItWasReplaced) {
  const absl::Time replaced = kT0 + absl::Hours(1);  // version 1 by version 2
  EXPECT_TRUE(OfflinePricesStand(History(), 1, replaced + absl::Minutes(14)));
  EXPECT_FALSE(OfflinePricesStand(History(), 1, replaced + absl::Minutes(15)));
  EXPECT_TRUE(
      OfflinePricesStand(History(), 1, replaced + absl::Seconds(30), absl::Minutes(1)));
  EXPECT_FALSE(
      OfflinePricesStand(History(), 1, replaced + absl::Seconds(61), absl::Minutes(1)));
  // Counted from the first replacement, not the last.
  EXPECT_FALSE(OfflinePricesStand(History(), 1, kT0 + absl::Minutes(130)));
}

TEST(OfflinePriceWarnings, NameEachLineWhosePriceDiffersOrIsGone) {
  Bill bill;
  bill.currency = "EUR";
  bill.catalog_version = 1;
  bill.lines.resize(3);
  bill.lines[0].line_no = 1;
  bill.lines[0].sku = "A1";
  bill.lines[0].unit_price_minor = 119;
  bill.lines[1].line_no = 2;
  bill.lines[1].sku = "B1";
  bill.lines[1].unit_price_minor = 200;
  bill.lines[2].line_no = 3;
  bill.lines[2].sku = "C1";
  bill.lines[2].unit_price_minor = 50;
  const auto warnings = OfflinePriceWarnings(bill, {Item("A1", 129), Item("B1", 200)}, 2);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("line 1 (A1"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("priced 1.19 offline from version 1, 1.29 in version 2"),
            std::string::npos)
      << warnings[0];
  EXPECT_NE(warnings[0].find("difference -0.10 EUR"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("line 3 (C1"), std::string::npos) << warnings[1];
  EXPECT_NE(warnings[1].find("not in version 2"), std::string::npos) << warnings[1];
}

TEST(SettleOfflineBill, RecordsWhatWasChargedAndWarnsOfDisagreement) {
  auto bill = PriceBill(AcmeTill(), Offline(1), {Item("A1", 119), Item("B1", 200)}, {});
  ASSERT_TRUE(bill.ok()) << bill.status();
  ASSERT_EQ(bill->total_minor, 438);
  BillInput in = Offline(1);
  in.client_total_minor = 438;
  auto warnings = SettleOfflineBill(in, &*bill);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(bill->change_minor, 62);

  // The till charged another total and was paid short: stored, both said.
  in.client_total_minor = 400;
  in.tenders = {{TenderType::kCard, 400, "slip"}};
  warnings = SettleOfflineBill(in, &*bill);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("the till charged 4.00 EUR"), std::string::npos)
      << warnings[0];
  EXPECT_NE(warnings[1].find("do not cover"), std::string::npos) << warnings[1];
  EXPECT_EQ(bill->tendered_minor, 400);
  EXPECT_EQ(bill->change_minor, 0);
  ASSERT_EQ(bill->tenders.size(), 1u);
}

TEST(CheckOfflineShape, RefusesWhatATillCannotDoOffline) {
  EXPECT_TRUE(CheckOfflineShape(Offline(3)).ok());
  EXPECT_EQ(CheckOfflineShape(Offline(0)).code(), absl::StatusCode::kInvalidArgument);
  BillInput bad = Offline(3);
  bad.offline->catalog_id = "no spaces";
  EXPECT_EQ(CheckOfflineShape(bad).code(), absl::StatusCode::kInvalidArgument);
  BillInput points = Offline(3);
  points.tenders.push_back({TenderType::kPoints, 100, "code"});
  const absl::Status s = CheckOfflineShape(points);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("tenders[1].type"), std::string::npos) << s;
  BillInput ret = Offline(3);
  ret.return_of = ReturnRequest{};
  EXPECT_EQ(CheckOfflineShape(ret).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tillstream
