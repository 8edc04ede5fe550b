#include "server/domain/sales/pricing.h"

#include <gtest/gtest.h>

#include "common/business_date.h"
#include "common/money.h"
#include "server/domain/sales/bill_input.h"
#include "server/domain/sales/fingerprint.h"
#include "server/domain/sales/settlement.h"
#include "tests/support/acme_till.h"

namespace tillstream {
namespace {

CatalogItem Item(std::string sku, int64_t price, int32_t tax_bp, Uom uom = Uom::kEach) {
  return CatalogItem{std::move(sku), "Item ", price, tax_bp, uom, {}};
}

TillContext Till() { return AcmeTill(); }

// What Submit does with a bill: price it, then check total and tenders.
absl::StatusOr<Bill> PriceAndSettle(const BillInput& in,
                                    const std::vector<CatalogItem>& items,
                                    const TaxPolicy& policy = {}) {
  auto bill = PriceBill(Till(), in, items, policy);
  if (!bill.ok()) return bill;
  if (auto s = SettleBill(in, &*bill); !s.ok()) return s;
  return bill;
}

BillInput Input() {
  BillInput in;
  in.bill_id = "123e4567-e89b-42d3-a456-426614174000";
  in.bill_number = "t1-000001";
  in.billing_time = absl::FromUnixSeconds(1763800000);  // 2025-11-22
  in.client_currency = "EUR";
  return in;
}

TEST(PriceLine, MultipliesAndRoundsHalfUp) {
  auto line = PriceLine(Item("A2", 299, 700, Uom::kKilogram), 1250, 1, "4002", {});
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->amount_minor, 374);  // 3.7375 -> 3.74
  EXPECT_EQ(line->tax_minor, 24);      // 374 * 7 / 107 = 24.47
  EXPECT_EQ(line->barcode, "4002");
}

TEST(PriceLine, EachItemsNeedWholeQuantities) {
  auto line = PriceLine(Item("A1", 119, 700), 1500, 1, "", {});
  EXPECT_EQ(line.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(line.status().message().find("whole number"), std::string::npos);
}

TEST(PriceLine, RefusesNonPositiveAndAbsurdQuantities) {
  EXPECT_FALSE(PriceLine(Item("A1", 119, 700), 0, 1, "", {}).ok());
  EXPECT_FALSE(PriceLine(Item("A1", 119, 700), -1000, 1, "", {}).ok());
  EXPECT_FALSE(PriceLine(Item("A1", 119, 700), 100'000'000, 1, "", {}).ok());
}

TEST(PriceLine, RefusesAmountsPastTheLimit) {
  auto line = PriceLine(Item("GOLD", kMaxUnitPriceMinor, 0), 99'999'000, 1, "", {});
  EXPECT_EQ(line.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PriceBill, TotalsLinesAndGivesChangeOnCash) {
  BillInput in = Input();
  in.lines = {{1, "A1", 2000}, {2, "A3", 1000}};
  in.tenders = {{TenderType::kCash, 2000, ""}};
  in.client_total_minor = 2 * 119 + 849;
  auto bill = PriceAndSettle(in, {Item("A1", 119, 700), Item("A3", 849, 1900)});
  ASSERT_TRUE(bill.ok()) << bill.status();
  EXPECT_EQ(bill->total_minor, 1087);
  EXPECT_EQ(bill->tax_minor, 16 + 136);  // 238*7/107=15.57->16; 849*19/119=135.55->136
  EXPECT_EQ(bill->tendered_minor, 2000);
  EXPECT_EQ(bill->change_minor, 913);
  EXPECT_EQ(bill->business_date, "2025-11-22");
  EXPECT_EQ(bill->lines.size(), 2u);
}

TEST(PriceBill, RejectsATotalMismatchWithBothFigures) {
  BillInput in = Input();
  in.lines = {{1, "A1", 1000}};
  in.tenders = {{TenderType::kCash, 200, ""}};
  in.client_total_minor = 100;
  auto bill = PriceAndSettle(in, {Item("A1", 119, 700)});
  EXPECT_EQ(bill.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(bill.status().message().find("1.00"), std::string::npos);
  EXPECT_NE(bill.status().message().find("1.19"), std::string::npos);
}

TEST(PriceBill, TendersMustCoverAndOnlyCashGivesChange) {
  BillInput in = Input();
  in.lines = {{1, "A1", 1000}};
  in.client_total_minor = 119;
  in.tenders = {{TenderType::kCash, 100, ""}};
  EXPECT_EQ(PriceAndSettle(in, {Item("A1", 119, 700)}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  in.tenders = {{TenderType::kCard, 200, ""}};
  EXPECT_EQ(PriceAndSettle(in, {Item("A1", 119, 700)}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PriceBill, UnknownSkuIsNotFound) {
  BillInput in = Input();
  in.lines = {{1, "NOPE", 1000}};
  in.client_total_minor = 0;
  EXPECT_EQ(PriceAndSettle(in, {}).status().code(), absl::StatusCode::kNotFound);
}

TEST(PriceBill, CurrencyMustBeTheOrgs) {
  BillInput in = Input();
  in.lines = {{1, "A1", 1000}};
  in.client_currency = "USD";
  in.client_total_minor = 119;
  EXPECT_EQ(PriceAndSettle(in, {Item("A1", 119, 700)}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ValidateBillInput, ChecksShape) {
  const absl::Time now = absl::FromUnixSeconds(1763800000);
  BillInput in = Input();
  in.lines = {{1, "A1", 1000}};
  EXPECT_TRUE(ValidateBillInput(in, now).ok());

  BillInput bad = in;
  bad.bill_id = "not-a-uuid";
  EXPECT_EQ(ValidateBillInput(bad, now).message().substr(0, 7), "bill_id");
  bad = in;
  bad.bill_number = std::string(51, '1');
  EXPECT_EQ(ValidateBillInput(bad, now).message().substr(0, 11), "bill_number");
  bad = in;
  bad.lines.clear();
  EXPECT_FALSE(ValidateBillInput(bad, now).ok());
  bad = in;
  bad.lines.push_back({1, "A2", 1000});
  EXPECT_NE(ValidateBillInput(bad, now).message().find("repeats line number"),
            std::string::npos);
  bad = in;
  bad.lines[0].quantity_milli = -5;
  EXPECT_EQ(ValidateBillInput(bad, now).message().substr(0, 23),
            "lines[0].quantity_milli");
  bad = in;
  bad.billing_time = now + absl::Hours(25);
  EXPECT_NE(ValidateBillInput(bad, now).message().find("24 h ahead"), std::string::npos);
  bad = in;
  bad.tenders = {{TenderType::kCash, -1, ""}};
  EXPECT_EQ(ValidateBillInput(bad, now).message().substr(0, 17), "tenders[0].amount");
  bad = in;
  bad.tenders = {{TenderType::kCash, kMaxAbsMinorUnits + 1, ""}};
  EXPECT_FALSE(ValidateBillInput(bad, now).ok());
}

TEST(BillFingerprint, ChangesWithAnyField) {
  BillInput in = Input();
  in.lines = {{1, "A1", 1000}};
  const std::string base = BillFingerprint(Till(), in);
  EXPECT_EQ(base, BillFingerprint(Till(), in));
  BillInput other = in;
  other.lines[0].quantity_milli = 2000;
  EXPECT_NE(base, BillFingerprint(Till(), other));
  other = in;
  other.bill_number = "t1-000002";
  EXPECT_NE(base, BillFingerprint(Till(), other));
  TillContext till = Till();
  till.till_id = "t2";
  EXPECT_NE(base, BillFingerprint(till, in));
}

TEST(PriceBill, ApportionsTheSaleDiscountToTheCent) {
  BillInput in = Input();
  // Three lines of 1.00 with a 1.00 sale discount: 0.34 + 0.33 + 0.33.
  in.lines = {{1, "B1", 1000}, {2, "B1", 1000}, {3, "B1", 1000}};
  in.sale_discount_minor = 100;
  auto bill = PriceBill(Till(), in, {Item("B1", 100, 1900)}, {});
  ASSERT_TRUE(bill.ok()) << bill.status();
  EXPECT_EQ(bill->lines[0].sale_discount_minor, 34);
  EXPECT_EQ(bill->lines[1].sale_discount_minor, 33);
  EXPECT_EQ(bill->lines[2].sale_discount_minor, 33);
  EXPECT_EQ(bill->lines[0].amount_minor, 66);
  EXPECT_EQ(bill->total_minor, 200);
  EXPECT_EQ(bill->subtotal_minor, 300);
  EXPECT_EQ(bill->discount_minor, 100);
  int64_t sum = 0;
  for (const auto& l : bill->lines) sum += l.amount_minor;
  EXPECT_EQ(sum, bill->total_minor);
}

TEST(PriceBill, ItemDiscountsComeFirstAndWeighTheSaleDiscount) {
  BillInput in = Input();
  in.lines = {{1, "A3", 1000, 349}, {2, "A1", 1000}};  // 8.49 - 3.49 = 5.00, and 1.19
  in.sale_discount_minor = 100;
  auto bill = PriceBill(Till(), in, {Item("A1", 119, 700), Item("A3", 849, 1900)}, {});
  ASSERT_TRUE(bill.ok()) << bill.status();
  // 1.00 over 5.00 and 1.19: exact 0.8078 and 0.1922 -> 0.81 and 0.19.
  EXPECT_EQ(bill->lines[0].sale_discount_minor, 81);
  EXPECT_EQ(bill->lines[1].sale_discount_minor, 19);
  EXPECT_EQ(bill->lines[0].amount_minor, 849 - 349 - 81);
  EXPECT_EQ(bill->lines[0].tax_minor, 67);  // 4.19 x 19/119 = 0.669
  EXPECT_EQ(bill->total_minor, 419 + 100);
}

TEST(PriceBill, DiscountsCannotExceedWhatTheyDiscount) {
  BillInput in = Input();
  in.lines = {{1, "A1", 1000, 120}};
  auto over = PriceBill(Till(), in, {Item("A1", 119, 700)}, {});
  EXPECT_EQ(over.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(over.status().message().substr(0, 17), "lines[0].discount");
  in.lines = {{1, "A1", 1000, 19}};
  in.sale_discount_minor = 101;
  EXPECT_EQ(
      PriceBill(Till(), in, {Item("A1", 119, 700)}, {}).status().message().substr(0, 13),
      "sale_discount");
  in.sale_discount_minor = 100;  // the whole rest: a free bill
  EXPECT_EQ(PriceBill(Till(), in, {Item("A1", 119, 700)}, {})->total_minor, 0);
}

TEST(PriceBill, TaxExclusivePricesAddTaxPerLine) {
  BillInput in = Input();
  in.lines = {{1, "A1", 1000}, {2, "A3", 2000}};
  TaxPolicy exclusive{true, Rounding::kHalfUp};
  auto bill =
      PriceBill(Till(), in, {Item("A1", 1000, 725), Item("A3", 250, 1000)}, exclusive);
  ASSERT_TRUE(bill.ok()) << bill.status();
  EXPECT_EQ(bill->lines[0].tax_minor, 73);  // 10.00 x 7.25% = 0.725 -> 0.73
  EXPECT_EQ(bill->lines[0].amount_minor, 1073);
  EXPECT_EQ(bill->lines[1].tax_minor, 50);
  EXPECT_EQ(bill->total_minor, 1073 + 550);
  EXPECT_EQ(bill->subtotal_minor, 1500);  // before tax
  exclusive.rounding = Rounding::kHalfEven;
  auto even =
      PriceBill(Till(), in, {Item("A1", 1000, 725), Item("A3", 250, 1000)}, exclusive);
  EXPECT_EQ(even->lines[0].tax_minor, 72);  // 0.725 -> 0.72, the even cent
}

TEST(BusinessDate, UsesTheOrgsTimeZone) {
  // 2025-11-22 23:30 UTC is already the 23rd in Berlin.
  const absl::Time t = absl::FromUnixSeconds(1763854200);
  EXPECT_EQ(BusinessDate(t, "UTC").value(), "2025-11-22");
  EXPECT_EQ(BusinessDate(t, "Europe/Berlin").value(), "2025-11-23");
}

}  // namespace
}  // namespace tillstream
