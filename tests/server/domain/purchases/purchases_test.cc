#include "server/domain/purchases/purchases.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace tillstream {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1800000000);

PurchaseLine SaleLine(int32_t no, const std::string& sku, int64_t units, int64_t price,
                      int64_t item_discount = 0, int64_t sale_share = 0) {
  PurchaseLine l;
  l.line_no = no;
  l.sku = sku;
  l.name = "Item";
  l.quantity_milli = units * 1000;
  l.unit_price_minor = price;
  l.extended_minor = units * price;
  l.item_discount_minor = item_discount;
  l.sale_discount_minor = sale_share;
  return l;
}

Purchase Settled(std::vector<PurchaseLine> lines, int64_t tax) {
  Purchase p;
  p.source = "erp";
  p.external_transaction_id = "T-1";
  p.store_id = "s1";
  p.purchase_time = kNow - absl::Hours(1);
  p.currency = "EUR";
  p.lines = std::move(lines);
  for (const auto& l : p.lines) {
    if (l.is_refund) {
      p.refund_minor += l.net_minor();
    } else {
      p.sub_total_minor += l.extended_minor;
      p.item_discount_minor += l.item_discount_minor;
      p.sale_discount_minor += l.sale_discount_minor;
    }
  }
  p.tax_minor = tax;
  p.paid_minor = p.sub_total_minor - p.item_discount_minor - p.sale_discount_minor +
                 p.refund_minor + tax;
  return p;
}

TEST(PurchaseFigures, ConsistentFiguresPassAndEachOffFigureIsNamed) {
  Purchase p =
      Settled({SaleLine(1, "A", 2, 1000, 100, 100), SaleLine(2, "B", 1, 550)}, 184);
  EXPECT_TRUE(ValidatePurchase(p, kNow).ok()) << ValidatePurchase(p, kNow);
  p.item_discount_minor += 5;
  p.paid_minor -= 7;
  const absl::Status s = ValidatePurchase(p, kNow);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      absl::StrContains(s.message(), "the figures do not add up: item_discount is"))
      << s;
  EXPECT_TRUE(absl::StrContains(s.message(),
                                "item_discount is 1.05 but the sale lines' item "
                                "discounts add up to 1.00 (off by +0.05)"))
      << s;
  EXPECT_TRUE(absl::StrContains(s.message(),
                                "amount_paid is 25.27 but sub_total - discounts "
                                "+ refund_amount + tax is 25.34 (off by -0.07)"))
      << s;
}

TEST(PurchaseFigures, TaxIncludedIsInformationalButBounded) {
  Purchase p = Settled({SaleLine(1, "A", 1, 1190)}, 0);
  p.prices_include_tax = true;
  p.tax_minor = 190;
  EXPECT_TRUE(ValidatePurchase(p, kNow).ok());
  p.tax_minor = 2000;
  EXPECT_TRUE(absl::StrContains(ValidatePurchase(p, kNow).message(), "tax"));
}

TEST(PurchaseFigures, WeightsRoundHalfAwayFromZeroAndRefundsMirrorSales) {
  PurchaseLine w = SaleLine(1, "CHEESE", 0, 1999);
  w.unit = Uom::kKilogram;
  w.quantity_milli = 255;  // 0.255 kg x 19.99 = 5.09745 -> 5.10
  w.extended_minor = 510;
  PurchaseLine r = w;
  r.line_no = 2;
  r.is_refund = true;
  r.quantity_milli = -255;
  r.extended_minor = -510;
  r.refunds_transaction_id = "T-0";
  r.refunds_line_no = 1;
  Purchase p = Settled({w, r}, 0);
  EXPECT_TRUE(ValidatePurchase(p, kNow).ok()) << ValidatePurchase(p, kNow);
  p.lines[1].item_discount_minor = 10;  // positive on a refund line
  EXPECT_TRUE(
      absl::StrContains(ValidatePurchase(p, kNow).message(), "lines[1].item_discount"));
  p = Settled({SaleLine(1, "A", 1, 100), SaleLine(1, "B", 1, 100)}, 0);
  EXPECT_TRUE(absl::StrContains(ValidatePurchase(p, kNow).message(), "used twice"));
  p = Settled({SaleLine(1, "A", 1, 100)}, 0);
  p.purchase_time = kNow + absl::Hours(25);
  EXPECT_TRUE(absl::StrContains(ValidatePurchase(p, kNow).message(), "future"));
}

TEST(PurchasePoints, ThePurchaseEarnsOnItsNetAndSharesThePointsOverLines) {
  LoyaltyConfig config;
  config.excluded_skus = {"GIFTCARD"};
  const Purchase p =
      Settled({SaleLine(1, "A", 2, 1000, 100, 100), SaleLine(2, "B", 1, 550, 0, 50),
               SaleLine(3, "GIFTCARD", 1, 2500)},
              0);
  auto points = SaleLinePoints(config, p, /*has_customer=*/true);
  ASSERT_TRUE(points.ok());
  EXPECT_EQ(*points, (std::vector<int64_t>{18, 5, 0}));
  auto anonymous = SaleLinePoints(config, p, /*has_customer=*/false);
  EXPECT_EQ(*anonymous, (std::vector<int64_t>{0, 0, 0}));
}

TEST(PurchasePoints, RefundsReverseCumulativelyAndNeverMoreThanIsLeft) {
  RefundedLine original{"p-1", "c-1", "A", 3000, 10, 0};
  PurchaseLine refund = SaleLine(1, "A", -1, 1000);
  refund.is_refund = true;
  refund.refunds_transaction_id = "T-0";
  refund.refunds_line_no = 1;
  int64_t total = 0;
  for (int i = 0; i < 3; ++i) {
    auto reversed = RefundLineReversal("lines[0]", refund, original);
    ASSERT_TRUE(reversed.ok()) << reversed.status();
    total += *reversed;
    original.refunded_milli += 1000;
  }
  EXPECT_EQ(total, 10);  // 3 + 4 + 3 or similar, never 9 or 11
  auto fourth = RefundLineReversal("lines[0]", refund, original);
  EXPECT_EQ(fourth.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(fourth.status().message(), "only 0 of 3 are left"));
  refund.sku = "B";
  original.refunded_milli = 0;
  EXPECT_FALSE(RefundLineReversal("lines[0]", refund, original).ok());
}

}  // namespace
}  // namespace tillstream
