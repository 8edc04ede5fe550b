// The loyalty rules as plain functions: earning, redemption checks,
// proportional reversal, coupons, retro-tag conditions, expiry.
#include <gtest/gtest.h>

#include "server/domain/catalog/catalog.h"
#include "server/domain/customers/customer.h"
#include "server/domain/loyalty/config.h"
#include "server/domain/loyalty/coupons.h"
#include "server/domain/loyalty/points.h"
#include "server/domain/org/org.h"
#include "server/domain/reports/reports.h"
#include "server/domain/sales/bill.h"
#include "server/domain/sales/loyalty_basis.h"
#include "server/domain/sales/tagging.h"

namespace tillstream {
namespace {

Bill RegularSale(std::vector<std::pair<std::string, int64_t>> lines) {
  Bill b;
  b.type = BillType::kSale;
  b.status = BillStatus::kRegular;
  b.customer_id = "c1";
  b.currency = "EUR";
  b.bill_number = "B-1";
  int32_t no = 1;
  for (const auto& [sku, amount] : lines) {
    PricedLine l;
    l.line_no = no++;
    l.sku = sku;
    l.amount_minor = amount;
    b.lines.push_back(l);
    b.total_minor += amount;
  }
  return b;
}

TEST(LoyaltyTest, EarningRoundsDownByDefaultAndSkipsExcludedSkus) {
  LoyaltyConfig c;  // 1 point per 1.00, rounded down
  EXPECT_EQ(*PointsEarned(c, EarnBasisOf(RegularSale({{"A", 1999}}))), 19);
  c.earn_rounding = PointsRounding::kHalfUp;
  EXPECT_EQ(*PointsEarned(c, EarnBasisOf(RegularSale({{"A", 1950}}))), 20);
  EXPECT_EQ(*PointsEarned(c, EarnBasisOf(RegularSale({{"A", 1949}}))), 19);
  c.excluded_skus = {"TOBACCO"};
  EXPECT_EQ(*PointsEarned(c, EarnBasisOf(RegularSale({{"A", 1000}, {"TOBACCO", 5000}}))),
            10);
  c.earn_points = 3;
  c.earn_per_minor = 200;  // 3 points per 2.00
  EXPECT_EQ(*PointsEarned(c, EarnBasisOf(RegularSale({{"A", 1000}}))), 15);
}

TEST(LoyaltyTest, OnlyRegularSalesWithACustomerEarn) {
  const LoyaltyConfig c;
  for (BillStatus s : {BillStatus::kOutlier, BillStatus::kTest,
                       BillStatus::kNotInterested, BillStatus::kDeleted}) {
    Bill b = RegularSale({{"A", 1000}});
    b.status = s;
    EXPECT_EQ(*PointsEarned(c, EarnBasisOf(b)), 0) << BillStatusName(s);
  }
  Bill anonymous = RegularSale({{"A", 1000}});
  anonymous.customer_id.clear();
  EXPECT_EQ(*PointsEarned(c, EarnBasisOf(anonymous)), 0);
  Bill ret = RegularSale({{"A", 1000}});
  ret.type = BillType::kReturn;
  EXPECT_EQ(*PointsEarned(c, EarnBasisOf(ret)), 0);
}

TEST(LoyaltyTest, WhatPointsAndCouponsPayEarnsNothing) {
  LoyaltyConfig c;
  Bill b = RegularSale({{"A", 1000}});
  b.tenders = {{TenderType::kPoints, 300, ""},
               {TenderType::kCoupon, 200, "X1"},
               {TenderType::kCash, 500, ""}};
  EXPECT_EQ(*PointsEarned(c, EarnBasisOf(b)), 5);
  auto plan = PlanSaleLoyalty(c, EarnBasisOf(b));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->redeem_points, 300);
  EXPECT_EQ(plan->earn_points, 5);
  ASSERT_EQ(plan->coupons.size(), 1u);
  EXPECT_EQ(plan->coupons[0].code, "X1");
  EXPECT_EQ(plan->coupons[0].amount_minor, 200);
}

TEST(LoyaltyTest, PlanningRefusesWhatCannotBeRedeemed) {
  LoyaltyConfig c;
  c.point_value_minor = 5;
  Bill b = RegularSale({{"A", 1000}});
  b.tenders = {{TenderType::kPoints, 12, ""}};
  EXPECT_EQ(PlanSaleLoyalty(c, EarnBasisOf(b)).status().code(),
            absl::StatusCode::kInvalidArgument);
  b.tenders = {{TenderType::kPoints, 10, ""}};
  EXPECT_EQ(PlanSaleLoyalty(c, EarnBasisOf(b))->redeem_points, 2);
  Bill anonymous = b;
  anonymous.customer_id.clear();
  EXPECT_EQ(PlanSaleLoyalty(c, EarnBasisOf(anonymous)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  c.require_validation_code = true;
  EXPECT_EQ(PlanSaleLoyalty(c, EarnBasisOf(b)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  b.tenders[0].reference = "123456";
  auto plan = PlanSaleLoyalty(c, EarnBasisOf(b));
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->code_required);
  EXPECT_EQ(plan->validation_code, "123456");
  b.tenders = {{TenderType::kCoupon, 100, "C"}, {TenderType::kCoupon, 100, "C"}};
  EXPECT_EQ(PlanSaleLoyalty(c, EarnBasisOf(b)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LoyaltyTest, RedemptionRulesSayWhichRuleFails) {
  LoyaltyConfig c;
  c.redeem_min_points = 100;
  c.redeem_max_points_per_bill = 500;
  c.redeem_multiple = 50;
  EXPECT_TRUE(CheckRedeemable(c, 1000, 150).ok());
  const auto msg = [&](int64_t available, int64_t points) {
    return std::string(CheckRedeemable(c, available, points).message());
  };
  EXPECT_NE(msg(1000, 50).find("at least 100"), std::string::npos);
  EXPECT_NE(msg(1000, 550).find("at most 500"), std::string::npos);
  EXPECT_NE(msg(1000, 120).find("multiples of 50"), std::string::npos);
  EXPECT_NE(msg(120, 150).find("not enough points: 120 available, 150 asked"),
            std::string::npos);
  EXPECT_EQ(CheckRedeemable(c, 1000, 0).code(), absl::StatusCode::kInvalidArgument);
}

TEST(LoyaltyTest, ReturnsReverseInProportionAndAChainReversesExactlyOnce) {
  // A bill of 10.00 earned 7 points and redeemed 3; returned in three parts.
  const int64_t total = 1000;
  int64_t reversed = 0, refunded = 0, before = 0;
  for (int64_t part : {333, 333, 334}) {
    const ReturnReversal r = ProportionalReversal(total, before, part, 7, 3);
    EXPECT_GE(r.earn_reversal, 0);
    reversed += r.earn_reversal;
    refunded += r.redeem_refund;
    before += part;
  }
  EXPECT_EQ(reversed, 7);
  EXPECT_EQ(refunded, 3);
  const ReturnReversal half = ProportionalReversal(total, 0, 500, 7, 3);
  EXPECT_EQ(half.earn_reversal, 4);  // 3.5 rounds half up
  EXPECT_EQ(half.redeem_refund, 2);
  // Nothing more once all is back.
  const ReturnReversal extra = ProportionalReversal(total, 1000, 100, 7, 3);
  EXPECT_EQ(extra.earn_reversal, 0);
  EXPECT_EQ(extra.redeem_refund, 0);
}

TEST(LoyaltyTest, AReversalNeverTakesMoreThanTheCustomerHolds) {
  LoyaltyEffects fx;
  fx.earn_reversal = 50;
  fx.redeem_refund = 10;
  CapReversal(25, &fx);
  EXPECT_EQ(fx.earn_reversal, 35);  // 25 held + 10 given back
  fx.earn_reversal = 5;
  CapReversal(100, &fx);
  EXPECT_EQ(fx.earn_reversal, 5);
}

CouponState Coupon() {
  CouponState c;
  c.code = "SPRING-1";
  c.series_id = "spring";
  c.customer_id = "c1";
  c.value_minor = 500;
  c.valid_from = absl::CivilDay(2026, 3, 1);
  c.valid_until = absl::CivilDay(2026, 5, 31);
  c.uses_per_code = 1;
  c.max_redemptions = 10;
  return c;
}

TEST(LoyaltyTest, CouponRefusalsNameTheirReason) {
  const absl::CivilDay day(2026, 4, 1);
  EXPECT_TRUE(CheckCouponRedeemable(Coupon(), "c1", day, 500).ok());
  const auto why = [&](const CouponState& c, const std::string& customer,
                       absl::CivilDay d, int64_t amount) {
    return std::string(CheckCouponRedeemable(c, customer, d, amount).message());
  };
  EXPECT_NE(why(Coupon(), "c2", day, 500).find("not issued to this customer"),
            std::string::npos);
  EXPECT_NE(
      why(Coupon(), "c1", absl::CivilDay(2026, 6, 1), 500).find("expired on 2026-05-31"),
      std::string::npos);
  EXPECT_NE(why(Coupon(), "c1", absl::CivilDay(2026, 2, 1), 500).find("valid from"),
            std::string::npos);
  CouponState used = Coupon();
  used.uses = 1;
  EXPECT_NE(why(used, "c1", day, 500).find("already used"), std::string::npos);
  CouponState exhausted = Coupon();
  exhausted.series_redemptions = 10;
  EXPECT_NE(why(exhausted, "c1", day, 500).find("exhausted"), std::string::npos);
  EXPECT_NE(why(Coupon(), "c1", day, 501).find("at most its value"), std::string::npos);
  CouponState anyone = Coupon();
  anyone.customer_id.clear();
  EXPECT_TRUE(CheckCouponRedeemable(anyone, "", day, 100).ok());
}

TEST(LoyaltyTest, RetroTaggingNeedsAnAnonymousRecentSaleAndAnOrgThatAllowsIt) {
  LoyaltyConfig c;
  StoredBill s;
  s.bill.type = BillType::kSale;
  s.bill.status = BillStatus::kNotInterested;
  s.bill.bill_number = "B-9";
  s.bill.billing_time = absl::FromUnixSeconds(1'800'000'000);
  const absl::Time soon = s.bill.billing_time + absl::Hours(24);
  EXPECT_NE(CheckRetroTag(c, s, false, soon).message().find("does not allow"),
            std::string::npos);
  c.retro_tag_enabled = true;
  c.retro_tag_max_age_days = 3;
  EXPECT_TRUE(CheckRetroTag(c, s, false, soon).ok());
  EXPECT_NE(
      CheckRetroTag(c, s, false, soon + absl::Hours(72)).message().find("older than 3"),
      std::string::npos);
  EXPECT_NE(CheckRetroTag(c, s, true, soon).message().find("has returns"),
            std::string::npos);
  StoredBill tagged = s;
  tagged.bill.customer_id = "c1";
  EXPECT_NE(CheckRetroTag(c, tagged, false, soon).message().find("already belongs"),
            std::string::npos);
  StoredBill outlier = s;
  outlier.bill.status = BillStatus::kOutlier;
  EXPECT_NE(CheckRetroTag(c, outlier, false, soon).message().find("OUTLIER"),
            std::string::npos);
}

TEST(LoyaltyTest, ExpiryTakesOnlyOldCreditsNotYetUsed) {
  EXPECT_EQ(PointsToExpire(100, 30), 70);
  EXPECT_EQ(PointsToExpire(100, 130), 0);
}

TEST(LoyaltyTest, ValidationCodesAreSixDigits) {
  for (int i = 0; i < 100; ++i) {
    const std::string code = NewValidationCode();
    ASSERT_EQ(code.size(), 6u);
    EXPECT_NE(code[0], '0');
  }
}

TEST(LoyaltyTest, ConfigValidationNamesTheField) {
  LoyaltyConfig c;
  EXPECT_TRUE(ValidateLoyaltyConfig(c).ok());
  c.earn_per_minor = 0;
  EXPECT_EQ(ValidateLoyaltyConfig(c).message().substr(0, 14), "earn_per_minor");
  c = LoyaltyConfig{};
  c.redeem_min_points = 100;
  c.redeem_max_points_per_bill = 50;
  EXPECT_FALSE(ValidateLoyaltyConfig(c).ok());
  c = LoyaltyConfig{};
  c.excluded_skus = {"bad sku"};
  EXPECT_FALSE(ValidateLoyaltyConfig(c).ok());
}

}  // namespace
}  // namespace tillstream
