// Coupons, retro-tagging, expiry and adjustments, deleted bills, and tills
// of two servers racing for one balance and one coupon, through gRPC
// against PostgreSQL.
#include "tests/integration/loyalty_fixture.h"

namespace tillstream {
namespace {

TEST_F(LoyaltyTest, CouponsAreRedeemedOnceWithPreciseReasonsAndCanBeReactivated) {
  const std::string jane = Enrol("+4915100000007").customer().customer_id();
  const std::string max = Enrol("+4915100000008").customer().customer_id();
  pos::v1::CreateCouponSeriesRequest series;
  series.set_org_id(org_);
  series.mutable_series()->set_series_id("spring");
  series.mutable_series()->set_name("Spring");
  series.mutable_series()->mutable_value()->set_minor_units(200);
  series.mutable_series()->mutable_value()->set_currency("EUR");
  series.mutable_series()->set_valid_from("2020-01-01");
  series.mutable_series()->set_valid_until("2099-12-31");
  series.mutable_series()->set_max_redemptions(2);
  ASSERT_TRUE(AdminCall(&AdminService::Stub::CreateCouponSeries, series).ok());
  const auto issue = [&](const std::string& customer, const std::string& code) {
    pos::v1::IssueCouponRequest req;
    req.set_org_id(org_);
    req.set_series_id("spring");
    req.set_customer_id(customer);
    req.set_code(code);
    pos::v1::Coupon c;
    EXPECT_TRUE(AdminCall(&AdminService::Stub::IssueCoupon, req, AdminKey(), &c).ok());
    return c;
  };
  issue(jane, "JANE-1");
  issue("", "ANYONE-1");
  issue("", "ANYONE-2");

  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  const auto why = [&](const TillRequest& r) {
    auto resp = client.Call(r);
    return resp.ok() ? std::string("stored") : std::string(resp.status().message());
  };
  EXPECT_NE(why(Sale(2, max, {Tender(pos::v1::COUPON, 200, "JANE-1")}))
                .find("not issued to this customer"),
            std::string::npos);
  EXPECT_NE(
      why(Sale(2, jane, {Tender(pos::v1::COUPON, 200, "NOPE")})).find("unknown coupon"),
      std::string::npos);
  EXPECT_NE(why(Sale(3, jane, {Tender(pos::v1::COUPON, 250, "JANE-1")}))
                .find("at most its value"),
            std::string::npos);
  auto used = client.Call(Sale(2, jane, {Tender(pos::v1::COUPON, 200, "JANE-1")}));
  ASSERT_TRUE(used.ok()) << used.status();
  ASSERT_EQ(used->bill().loyalty().coupons_size(), 1);
  EXPECT_NE(
      why(Sale(2, jane, {Tender(pos::v1::COUPON, 200, "JANE-1")})).find("already used"),
      std::string::npos);
  ASSERT_EQ(why(Sale(2, "", {Tender(pos::v1::COUPON, 100, "ANYONE-1")})), "stored");
  EXPECT_NE(
      why(Sale(2, "", {Tender(pos::v1::COUPON, 100, "ANYONE-2")})).find("exhausted"),
      std::string::npos);

  // The till's check gives the same reasons without storing anything.
  TillRequest check;
  check.mutable_check_coupon()->set_code("ANYONE-2");
  auto checked = client.Call(check);
  ASSERT_TRUE(checked.ok());
  EXPECT_FALSE(checked->coupon_check().redeemable());
  EXPECT_NE(checked->coupon_check().reason().find("exhausted"), std::string::npos);
  // A negative amount is no question a coupon can answer, at the till or
  // for the operator.
  check.mutable_check_coupon()->set_code("JANE-1");
  check.mutable_check_coupon()->mutable_amount()->set_minor_units(-100);
  check.mutable_check_coupon()->mutable_amount()->set_currency("EUR");
  EXPECT_EQ(client.Call(check).status().code(), absl::StatusCode::kInvalidArgument);
  pos::v1::CheckCouponRequest negative;
  negative.set_org_id(org_);
  negative.mutable_check()->set_code("JANE-1");
  negative.mutable_check()->mutable_amount()->set_minor_units(-100);
  negative.mutable_check()->mutable_amount()->set_currency("EUR");
  pos::v1::CouponCheckResult ignored;
  EXPECT_EQ(AdminCall(&AdminService::Stub::CheckCoupon, negative, AdminKey(), &ignored)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Reactivating Jane's redemption frees her coupon and a redemption of the series.
  pos::v1::ReactivateCouponRequest re;
  re.set_org_id(org_);
  re.set_code("JANE-1");
  re.set_bill_id(used->bill().bill_id());
  re.set_reactivated_by("ops");
  re.set_reason("customer complaint");
  pos::v1::Coupon back;
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::ReactivateCoupon, re, AdminKey(), &back).ok());
  EXPECT_EQ(back.uses(), 0);
  EXPECT_EQ(AdminCall(&AdminService::Stub::ReactivateCoupon, re).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(why(Sale(2, jane, {Tender(pos::v1::COUPON, 200, "JANE-1")})), "stored");
  EXPECT_EQ(Count("SELECT count(*) FROM coupon_redemptions WHERE org_id = $1"
                  " AND reactivated_at IS NULL"),
            "2");
}

TEST_F(LoyaltyTest, AnAnonymousBillCanBeTaggedOnceWithinTheMaximumAge) {
  const std::string jane = Enrol("+4915100000009").customer().customer_id();
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  auto anonymous = client.Call(Sale(10, ""));
  ASSERT_TRUE(anonymous.ok());
  ASSERT_EQ(anonymous->bill().status(), pos::v1::NOT_INTERESTED);
  pos::v1::TagBillRequest tag;
  tag.set_org_id(org_);
  tag.mutable_tag()->set_bill_id(anonymous->bill().bill_id());
  tag.mutable_tag()->set_customer_id(jane);
  tag.set_tagged_by("ops@store");
  const grpc::Status off = AdminCall(&AdminService::Stub::TagBill, tag);
  EXPECT_EQ(off.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(off.error_message().find("does not allow"), std::string::npos);

  pos::v1::LoyaltyConfig config;
  config.set_retro_tag_enabled(true);
  config.set_retro_tag_max_age_days(3);
  ASSERT_TRUE(SetLoyalty(config).ok());
  pos::v1::BillReceipt tagged;
  ASSERT_TRUE(AdminCall(&AdminService::Stub::TagBill, tag, AdminKey(), &tagged).ok());
  EXPECT_EQ(tagged.status(), pos::v1::REGULAR);
  EXPECT_EQ(tagged.customer_id(), jane);
  EXPECT_EQ(tagged.tagged_by(), "ops@store");
  EXPECT_TRUE(tagged.has_tagged_at());
  EXPECT_EQ(tagged.loyalty().points_earned(), 11);
  EXPECT_EQ(Available(jane), 11);
  const grpc::Status twice = AdminCall(&AdminService::Stub::TagBill, tag);
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(twice.error_message().find("already belongs"), std::string::npos);
  EXPECT_EQ(Available(jane), 11);

  // Too old: billed 5 days ago, the org allows 3.
  TillRequest old_sale = Sale(1, "");
  old_sale.mutable_submit_bill()->mutable_billing_time()->set_seconds(
      absl::ToUnixSeconds(now_ - absl::Hours(24 * 5)));
  auto old_bill = client.Call(old_sale);
  ASSERT_TRUE(old_bill.ok()) << old_bill.status();
  TillRequest till_tag;
  till_tag.mutable_tag_bill()->set_bill_id(old_bill->bill().bill_id());
  till_tag.mutable_tag_bill()->set_customer_id(jane);
  auto too_old = client.Call(till_tag);
  EXPECT_EQ(too_old.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(too_old.status().message().find("older than 3 days"), std::string::npos);

  // A till can tag a recent one itself; the audit names the till.
  auto recent = client.Call(Sale(1, ""));
  ASSERT_TRUE(recent.ok());
  till_tag.mutable_tag_bill()->set_bill_id(recent->bill().bill_id());
  auto by_till = client.Call(till_tag);
  ASSERT_TRUE(by_till.ok()) << by_till.status();
  EXPECT_EQ(by_till->bill().tagged_by(), "till s1/t1");

  pos::v1::DaySummaryRequest day;
  day.set_org_id(org_);
  day.set_business_date(anonymous->bill().business_date());
  pos::v1::DaySummaryResponse summary;
  ASSERT_TRUE(AdminCall(&AdminService::Stub::DaySummary, day, AdminKey(), &summary).ok());
  EXPECT_EQ(summary.loyalty().bills_tagged(), 2);
  EXPECT_EQ(summary.loyalty().customer_bills(), 2);
  EXPECT_EQ(summary.loyalty().points_earned(), 12);
}

TEST_F(LoyaltyTest, ExpiryTakesOldUnusedPointsOnceAndAdjustmentsAreIdempotent) {
  const std::string jane = Enrol("+4915100000010").customer().customer_id();
  pos::v1::AdjustPointsRequest adjust;
  adjust.set_org_id(org_);
  adjust.set_customer_id(jane);
  adjust.set_points(300);
  adjust.set_reason("goodwill");
  adjust.set_adjusted_by("ops");
  adjust.set_request_id("adj-1");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::AdjustPoints, adjust).ok());
  ASSERT_TRUE(AdminCall(&AdminService::Stub::AdjustPoints, adjust).ok());  // a retry
  EXPECT_EQ(Available(jane), 300);
  adjust.set_points(301);
  EXPECT_EQ(AdminCall(&AdminService::Stub::AdjustPoints, adjust).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  ASSERT_TRUE(client.Call(Sale(1, jane, {Tender(pos::v1::POINTS, 100)})).ok());
  EXPECT_EQ(Available(jane), 200);

  pos::v1::LoyaltyConfig config;
  config.set_points_expire_days(30);
  ASSERT_TRUE(SetLoyalty(config).ok());
  pos::v1::ExpirePointsRequest expire;
  expire.set_org_id(org_);
  expire.set_expired_by("nightly");
  expire.mutable_as_of()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  pos::v1::ExpirePointsResponse none;
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::ExpirePoints, expire, AdminKey(), &none).ok());
  EXPECT_EQ(none.points(), 0);  // nothing is 30 days old yet
  expire.mutable_as_of()->set_seconds(
      absl::ToUnixSeconds(absl::Now() + absl::Hours(24 * 31)));
  pos::v1::ExpirePointsResponse expired;
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::ExpirePoints, expire, AdminKey(), &expired).ok());
  EXPECT_EQ(expired.points(), 200);  // 300 credited, 100 used since
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::ExpirePoints, expire, AdminKey(), &expired).ok());
  EXPECT_EQ(expired.points(), 0);
  pos::v1::GetCustomerRequest get;
  get.set_org_id(org_);
  get.mutable_by()->set_customer_id(jane);
  pos::v1::CustomerProfile p;
  ASSERT_TRUE(AdminCall(&AdminService::Stub::GetCustomer, get, AdminKey(), &p).ok());
  EXPECT_EQ(p.points().expired(), 200);
  EXPECT_EQ(p.points().available(), 0);
}

TEST_F(LoyaltyTest, ADeletedBillGivesItsPointsAndCouponsBack) {
  const std::string jane = Enrol("+4915100000012").customer().customer_id();
  Grant(jane, 100);
  pos::v1::CreateCouponSeriesRequest series;
  series.set_org_id(org_);
  series.mutable_series()->set_series_id("gift");
  series.mutable_series()->set_name("Gift");
  series.mutable_series()->mutable_value()->set_minor_units(100);
  series.mutable_series()->mutable_value()->set_currency("EUR");
  series.mutable_series()->set_valid_from("2020-01-01");
  series.mutable_series()->set_valid_until("2020-12-31");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::CreateCouponSeries, series).ok());
  pos::v1::IssueCouponRequest old_coupon;
  old_coupon.set_org_id(org_);
  old_coupon.set_series_id("gift");
  old_coupon.set_code("OLD-1");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::IssueCoupon, old_coupon).ok());
  series.mutable_series()->set_series_id("gift2");
  series.mutable_series()->set_valid_until("2099-12-31");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::CreateCouponSeries, series).ok());
  pos::v1::IssueCouponRequest coupon = old_coupon;
  coupon.set_series_id("gift2");
  coupon.set_code("GIFT-1");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::IssueCoupon, coupon).ok());

  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  auto expired = client.Call(Sale(5, jane, {Tender(pos::v1::COUPON, 100, "OLD-1")}));
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(expired.status().message().find("expired on 2020-12-31"), std::string::npos);
  // 5.95: 1.00 in points, 1.00 by coupon, 3.95 cash -> earns 3.
  auto sale = client.Call(Sale(
      5, jane, {Tender(pos::v1::POINTS, 100), Tender(pos::v1::COUPON, 100, "GIFT-1")}));
  ASSERT_TRUE(sale.ok()) << sale.status();
  EXPECT_EQ(sale->bill().loyalty().points_earned(), 3);
  EXPECT_EQ(Available(jane), 3);

  pos::v1::DeleteBillRequest del;
  del.set_org_id(org_);
  del.set_bill_id(sale->bill().bill_id());
  del.set_deleted_by("ops");
  del.set_reason("rung up on the wrong till");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::DeleteBill, del).ok());
  EXPECT_EQ(Available(jane), 100);  // 100 redeemed back, 3 earned taken back
  auto reuse = client.Call(Sale(1, jane, {Tender(pos::v1::COUPON, 100, "GIFT-1")}));
  EXPECT_TRUE(reuse.ok()) << reuse.status();
}

// Tills on two servers spend one balance and one single-use coupon at once:
// the database lets exactly what is there be spent.
TEST_F(LoyaltyTest, RacingTillsNeverOverdrawPointsOrACoupon) {
  auto second = testing::StartTestServer();
  ASSERT_TRUE(second.ok()) << second.status();
  const std::string target2 = "127.0.0.1:" + std::to_string((*second)->port());
  const std::string jane = Enrol("+4915100000011").customer().customer_id();
  Grant(jane, 300);
  pos::v1::CreateCouponSeriesRequest series;
  series.set_org_id(org_);
  series.mutable_series()->set_series_id("race");
  series.mutable_series()->set_name("Race");
  series.mutable_series()->mutable_value()->set_minor_units(100);
  series.mutable_series()->mutable_value()->set_currency("EUR");
  series.mutable_series()->set_valid_from("2020-01-01");
  series.mutable_series()->set_valid_until("2099-12-31");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::CreateCouponSeries, series).ok());
  pos::v1::IssueCouponRequest coupon;
  coupon.set_org_id(org_);
  coupon.set_series_id("race");
  coupon.set_code("ONCE");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::IssueCoupon, coupon).ok());

  constexpr int kRacers = 8;
  for (const bool points : {true, false}) {
    std::atomic<int> stored{0}, refused{0}, other{0};
    std::vector<std::thread> racers;
    const TillClientOptions options = Options();
    for (int i = 0; i < kRacers; ++i) {
      racers.emplace_back([&, i] {
        TillClientOptions o = options;
        if (i % 2 == 1) o.server = target2;
        TillClient client(o);
        if (!client.Connect().ok()) return void(++other);
        auto r =
            client.Call(points ? Sale(2, jane, {Tender(pos::v1::POINTS, 100)})
                               : Sale(2, "", {Tender(pos::v1::COUPON, 100, "ONCE")}));
        if (r.ok()) {
          ++stored;
        } else if (r.status().code() == absl::StatusCode::kFailedPrecondition) {
          ++refused;
        } else {
          ++other;
        }
      });
    }
    for (auto& t : racers) t.join();
    EXPECT_EQ(stored.load(), points ? 3 : 1) << (points ? "points" : "coupon");
    EXPECT_EQ(refused.load(), kRacers - stored.load());
    EXPECT_EQ(other.load(), 0);
  }
  // 300 points went into three bills, each also earning 1 point (1.38 cash).
  EXPECT_EQ(
      Count("SELECT -sum(points) FROM points_ledger WHERE org_id = $1 AND kind = 2"),
      "300");
  EXPECT_EQ(Available(jane), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM coupon_redemptions WHERE org_id = $1"), "1");
  EXPECT_EQ(Count("SELECT count(*) FROM bills WHERE org_id = $1"), "4");
}

}  // namespace
}  // namespace tillstream
