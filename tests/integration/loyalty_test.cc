// Customers and loyalty through gRPC against PostgreSQL: identifiers and
// their uniqueness, points earned and redeemed in the bill's transaction,
// validation codes, returns, coupons, retro-tagging, expiry, and tills of
// two servers racing for one balance and one coupon.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/ids.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::AdminService;
using pos::v1::TillRequest;
using testing::kToken;
using testing::PgEnvironment;

class LoyaltyTest : public testing::ServerTest {
 protected:
  pos::v1::CustomerProfile Enrol(const std::string& mobile, const std::string& card = "",
                                 const std::string& name = "Jane") {
    pos::v1::EnrolCustomerRequest req;
    req.set_org_id(org_);
    req.mutable_customer()->set_name(name);
    req.mutable_customer()->set_mobile(mobile);
    req.mutable_customer()->set_card_number(card);
    pos::v1::CustomerProfile p;
    const grpc::Status s = AdminCall(&AdminService::Stub::EnrolCustomer, req, kToken, &p);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return p;
  }

  grpc::Status SetLoyalty(const pos::v1::LoyaltyConfig& config) {
    pos::v1::GetLoyaltyConfigRequest get;
    get.set_org_id(org_);
    pos::v1::LoyaltyConfigVersion current;
    grpc::Status s =
        AdminCall(&AdminService::Stub::GetLoyaltyConfig, get, kToken, &current);
    if (!s.ok()) return s;
    pos::v1::SetLoyaltyConfigRequest set;
    set.set_org_id(org_);
    *set.mutable_config() = config;
    set.set_expected_version(current.version());
    set.set_changed_by("ops");
    set.set_reason("test");
    return AdminCall(&AdminService::Stub::SetLoyaltyConfig, set);
  }

  void Grant(const std::string& customer_id, int64_t points) {
    pos::v1::AdjustPointsRequest req;
    req.set_org_id(org_);
    req.set_customer_id(customer_id);
    req.set_points(points);
    req.set_reason("welcome bonus");
    req.set_adjusted_by("ops");
    req.set_request_id(NewUuid());
    ASSERT_TRUE(AdminCall(&AdminService::Stub::AdjustPoints, req).ok());
  }

  int64_t Available(const std::string& customer_id) {
    pos::v1::GetCustomerRequest req;
    req.set_org_id(org_);
    req.mutable_by()->set_customer_id(customer_id);
    pos::v1::CustomerProfile p;
    EXPECT_TRUE(AdminCall(&AdminService::Stub::GetCustomer, req, kToken, &p).ok());
    return p.points().available();
  }

  static pos::v1::TenderInput Tender(pos::v1::TenderType type, int64_t amount,
                                     const std::string& reference = "") {
    pos::v1::TenderInput t;
    t.set_type(type);
    t.mutable_amount()->set_minor_units(amount);
    t.mutable_amount()->set_currency("EUR");
    t.set_reference(reference);
    return t;
  }

  // `units` x A1 (1.19) for `customer_id`, paid by `tenders` and cash for the rest.
  TillRequest Sale(int units, const std::string& customer_id,
                   std::vector<pos::v1::TenderInput> tenders = {}) {
    const int64_t total = 119 * units;
    TillRequest r = Submit(NewUuid(), units, total);
    auto* b = r.mutable_submit_bill();
    b->set_customer_id(customer_id);
    b->clear_tenders();
    int64_t paid = 0;
    for (const auto& t : tenders) {
      *b->add_tenders() = t;
      paid += t.amount().minor_units();
    }
    if (paid < total) *b->add_tenders() = Tender(pos::v1::CASH, total - paid);
    return r;
  }

  std::string Count(const std::string& sql) { return PgEnvironment::Query(sql, org_); }
};

TEST_F(LoyaltyTest, IdentifiersAreUniquePerOrgAndEnrolmentUpdatesTheHolder) {
  const auto jane = Enrol("+4915100000001", "CARD-1001");
  EXPECT_FALSE(jane.existed());
  EXPECT_EQ(jane.customer().card_number(), "CARD1001");

  // Same card, new email: the same customer, updated, and the answer says so.
  pos::v1::EnrolCustomerRequest again;
  again.set_org_id(org_);
  again.mutable_customer()->set_card_number("card 1001");
  again.mutable_customer()->set_email("Jane@Example.com");
  pos::v1::CustomerProfile updated;
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::EnrolCustomer, again, kToken, &updated).ok());
  EXPECT_TRUE(updated.existed());
  EXPECT_EQ(updated.customer().customer_id(), jane.customer().customer_id());
  EXPECT_EQ(updated.customer().email(), "jane@example.com");
  EXPECT_EQ(updated.customer().mobile(), "+4915100000001");

  // Identifiers of two different customers cannot enrol one.
  const auto max = Enrol("+4915100000002", "", "Max");
  pos::v1::EnrolCustomerRequest mixed;
  mixed.set_org_id(org_);
  mixed.mutable_customer()->set_mobile("+4915100000002");
  mixed.mutable_customer()->set_card_number("CARD1001");
  const grpc::Status clash = AdminCall(&AdminService::Stub::EnrolCustomer, mixed);
  EXPECT_EQ(clash.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(clash.error_message().find("card number CARD1001"), std::string::npos)
      << clash.error_message();

  // Updating Max to Jane's email names the identifier.
  pos::v1::UpdateCustomerRequest up;
  up.set_org_id(org_);
  up.set_customer_id(max.customer().customer_id());
  up.set_email("jane@example.com");
  const grpc::Status taken = AdminCall(&AdminService::Stub::UpdateCustomer, up);
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(taken.error_message().find("email jane@example.com"), std::string::npos);

  // An org may let mobiles be shared (families); then a mobile no longer
  // identifies anyone, and making it unique again needs the clash resolved.
  pos::v1::LoyaltyConfig shared;
  shared.set_mobile_not_unique(true);
  ASSERT_TRUE(SetLoyalty(shared).ok());
  const auto sibling = Enrol("+4915100000002", "", "Max's sister");
  EXPECT_FALSE(sibling.existed());
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  TillRequest lookup;
  lookup.mutable_customer_lookup()->set_mobile("+4915100000002");
  EXPECT_EQ(client.Call(lookup).status().code(), absl::StatusCode::kFailedPrecondition);
  const grpc::Status back = SetLoyalty(pos::v1::LoyaltyConfig());
  EXPECT_EQ(back.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(back.error_message().find("2 customers share mobile +4915100000002"),
            std::string::npos)
      << back.error_message();
}

TEST_F(LoyaltyTest, ALookUpOnTheTillAnswersTheProfileInOneRoundTrip) {
  const auto jane = Enrol("+4915100000003", "7777-8888");
  Grant(jane.customer().customer_id(), 40);
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  ASSERT_TRUE(client.Call(Sale(10, jane.customer().customer_id())).ok());
  TillRequest lookup;
  lookup.mutable_customer_lookup()->set_card_number("77778888");
  auto found = client.Call(lookup);
  ASSERT_TRUE(found.ok()) << found.status();
  const auto& p = found->customer();
  EXPECT_EQ(p.customer().customer_id(), jane.customer().customer_id());
  EXPECT_EQ(p.points().earned(), 11);  // 11.90 at 1 point per 1.00, rounded down
  EXPECT_EQ(p.points().adjusted(), 40);
  EXPECT_EQ(p.points().available(), 51);
  ASSERT_EQ(p.last_bills_size(), 1);
  EXPECT_EQ(p.last_bills(0).total().minor_units(), 1190);
  lookup.mutable_customer_lookup()->set_card_number("0000-0000");
  EXPECT_EQ(client.Call(lookup).status().code(), absl::StatusCode::kNotFound);

  // The till can enrol on the spot; a retry with the same id is the same customer.
  TillRequest enrol;
  enrol.mutable_enrol_customer()->set_email("walk-in@example.com");
  enrol.mutable_enrol_customer()->set_customer_id(NewUuid());
  auto first = client.Call(enrol);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->customer().existed());
  auto retry = client.Call(enrol);
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->customer().existed());
  EXPECT_EQ(Count("SELECT count(*) FROM customers WHERE org_id = $1"), "2");
}

TEST_F(LoyaltyTest, PointsAreEarnedAndRedeemedWithTheBillAndNeverTwice) {
  const std::string jane = Enrol("+4915100000004").customer().customer_id();
  Grant(jane, 100);
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  // 5.95, of which 1.00 in points: earns 4 points on the 4.95 paid otherwise.
  TillRequest sale = Sale(5, jane, {Tender(pos::v1::POINTS, 100)});
  auto paid = client.Call(sale);
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->bill().loyalty().points_redeemed(), 100);
  EXPECT_EQ(paid->bill().loyalty().points_earned(), 4);
  EXPECT_EQ(paid->bill().loyalty().balance_after(), 4);
  // A resent bill answers the original and books nothing.
  auto replay = client.Call(sale);
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->bill().replayed());
  EXPECT_EQ(replay->bill().loyalty().points_redeemed(), 100);
  EXPECT_EQ(Available(jane), 4);

  // More than the balance: refused, and no bill without its redemption.
  const std::string before = CountBills();
  auto over = client.Call(Sale(1, jane, {Tender(pos::v1::POINTS, 50)}));
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(over.status().message().find("4 available, 50 asked"), std::string::npos);
  EXPECT_EQ(CountBills(), before);
  EXPECT_EQ(Available(jane), 4);
  // Points need the customer on the bill.
  EXPECT_EQ(client.Call(Sale(1, "", {Tender(pos::v1::POINTS, 1)})).status().code(),
            absl::StatusCode::kFailedPrecondition);

  // The ledger holds every booking with its reason; balances derive from it.
  pos::v1::ListPointsLedgerRequest list;
  list.set_org_id(org_);
  list.set_customer_id(jane);
  pos::v1::PointsLedger ledger;
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::ListPointsLedger, list, kToken, &ledger).ok());
  ASSERT_EQ(ledger.entries_size(), 3);
  EXPECT_EQ(ledger.entries(0).kind(), pos::v1::EARN);
  EXPECT_EQ(ledger.entries(1).kind(), pos::v1::REDEEM);
  EXPECT_EQ(ledger.entries(1).points(), -100);
  EXPECT_EQ(ledger.entries(2).kind(), pos::v1::ADJUSTMENT);
  // ... and it is append-only, in the database itself.
  EXPECT_THROW(
      PgEnvironment::Query("UPDATE points_ledger SET points = 1 WHERE org_id = $1", org_),
      std::exception);

  // Outliers earn nothing.
  pos::v1::SetBillingConfigRequest rules;
  rules.set_org_id(org_);
  rules.mutable_config()->mutable_max_amount()->set_minor_units(1000);
  rules.mutable_config()->mutable_max_amount()->set_currency("EUR");
  rules.mutable_config()->set_out_of_range_action(pos::v1::FLAG);
  rules.set_changed_by("ops");
  rules.set_reason("test");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::SetBillingConfig, rules).ok());
  auto outlier = client.Call(Sale(10, jane));
  ASSERT_TRUE(outlier.ok());
  EXPECT_EQ(outlier->bill().status(), pos::v1::OUTLIER);
  EXPECT_EQ(outlier->bill().loyalty().points_earned(), 0);
  EXPECT_EQ(Available(jane), 4);
}

TEST_F(LoyaltyTest, AValidationCodeIsNeededWhenTheOrgSaysSoAndIsUsedOnce) {
  const std::string jane = Enrol("+4915100000005").customer().customer_id();
  Grant(jane, 500);
  pos::v1::LoyaltyConfig config;
  config.set_require_validation_code(true);
  config.set_redeem_min_points(50);
  ASSERT_TRUE(SetLoyalty(config).ok());
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  TillRequest check;
  check.mutable_check_points()->set_customer_id(jane);
  check.mutable_check_points()->set_points(20);
  auto small = client.Call(check);
  ASSERT_TRUE(small.ok());
  EXPECT_FALSE(small->points_check().redeemable());
  EXPECT_NE(small->points_check().reason().find("at least 50"), std::string::npos);
  check.mutable_check_points()->set_points(100);
  auto ok = client.Call(check);
  ASSERT_TRUE(ok.ok());
  ASSERT_TRUE(ok->points_check().redeemable());
  const std::string code = ok->points_check().validation_code();
  ASSERT_EQ(code.size(), 6u);
  EXPECT_EQ(client.Call(check)->points_check().validation_code(), code);  // same code

  EXPECT_EQ(client.Call(Sale(1, jane, {Tender(pos::v1::POINTS, 100)})).status().code(),
            absl::StatusCode::kFailedPrecondition);  // no code
  const std::string wrong = code == "111111" ? "222222" : "111111";
  auto bad = client.Call(Sale(1, jane, {Tender(pos::v1::POINTS, 100, wrong)}));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(bad.status().message().find("not valid"), std::string::npos);
  auto good = client.Call(Sale(1, jane, {Tender(pos::v1::POINTS, 100, code)}));
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->bill().loyalty().points_redeemed(), 100);
  EXPECT_EQ(
      client.Call(Sale(1, jane, {Tender(pos::v1::POINTS, 100, code)})).status().code(),
      absl::StatusCode::kFailedPrecondition);                             // used up
  EXPECT_NE(client.Call(check)->points_check().validation_code(), code);  // a new one
}

TEST_F(LoyaltyTest, ReturnsReverseEarnedPointsAndGiveBackRedeemedOnesInProportion) {
  const std::string jane = Enrol("+4915100000006").customer().customer_id();
  Grant(jane, 200);
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  // 4 x 1.19 = 4.76: 2.00 in points, 2.76 cash -> earns 2 points.
  auto sale = client.Call(Sale(4, jane, {Tender(pos::v1::POINTS, 200)}));
  ASSERT_TRUE(sale.ok()) << sale.status();
  EXPECT_EQ(sale->bill().loyalty().points_earned(), 2);
  EXPECT_EQ(Available(jane), 2);

  // Half comes back: a quote says what goes back as points.
  pos::v1::ReturnOf of;
  of.set_bill_id(sale->bill().bill_id());
  of.set_type(pos::v1::LINE_ITEM);
  auto* line = of.add_lines();
  line->set_original_line_no(1);
  line->set_quantity_milli(2000);
  TillRequest q;
  auto* ret = q.mutable_quote_bill();
  ret->set_bill_id(NewUuid());
  ret->set_bill_number("R-1");
  ret->mutable_billing_time()->set_seconds(absl::ToUnixSeconds(now_));
  ret->mutable_client_total()->set_currency("EUR");
  *ret->mutable_return_of() = of;
  auto quote = client.Call(q);
  ASSERT_TRUE(quote.ok()) << quote.status();
  EXPECT_EQ(quote->quote().total().minor_units(), -238);
  EXPECT_EQ(quote->quote().loyalty().points_refunded(), 100);
  EXPECT_EQ(quote->quote().loyalty().points_value().minor_units(), 100);

  TillRequest submit;
  *submit.mutable_submit_bill() = *ret;
  submit.mutable_submit_bill()->mutable_client_total()->set_minor_units(-238);
  *submit.mutable_submit_bill()->add_tenders() = Tender(pos::v1::CASH, 238);
  auto all_cash = client.Call(submit);
  EXPECT_EQ(all_cash.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(all_cash.status().message().find("gives back 100 points"), std::string::npos);
  submit.mutable_submit_bill()->clear_tenders();
  *submit.mutable_submit_bill()->add_tenders() = Tender(pos::v1::POINTS, 100);
  *submit.mutable_submit_bill()->add_tenders() = Tender(pos::v1::CASH, 138);
  auto returned = client.Call(submit);
  ASSERT_TRUE(returned.ok()) << returned.status();
  EXPECT_EQ(returned->bill().loyalty().points_refunded(), 100);
  EXPECT_EQ(returned->bill().loyalty().points_reversed(), 1);
  EXPECT_EQ(Available(jane), 2 + 100 - 1);
  // A resent return reverses nothing again.
  auto resent = client.Call(submit);
  ASSERT_TRUE(resent.ok());
  EXPECT_TRUE(resent->bill().replayed());
  EXPECT_EQ(Available(jane), 101);
  EXPECT_EQ(
      Count("SELECT count(*) FROM points_ledger WHERE org_id = $1 AND kind IN (3, 4)"),
      "2");
}

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
    EXPECT_TRUE(AdminCall(&AdminService::Stub::IssueCoupon, req, kToken, &c).ok());
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

  // Reactivating Jane's redemption frees her coupon and a redemption of the series.
  pos::v1::ReactivateCouponRequest re;
  re.set_org_id(org_);
  re.set_code("JANE-1");
  re.set_bill_id(used->bill().bill_id());
  re.set_reactivated_by("ops");
  re.set_reason("customer complaint");
  pos::v1::Coupon back;
  ASSERT_TRUE(AdminCall(&AdminService::Stub::ReactivateCoupon, re, kToken, &back).ok());
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
  ASSERT_TRUE(AdminCall(&AdminService::Stub::TagBill, tag, kToken, &tagged).ok());
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
  ASSERT_TRUE(AdminCall(&AdminService::Stub::DaySummary, day, kToken, &summary).ok());
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
  ASSERT_TRUE(AdminCall(&AdminService::Stub::ExpirePoints, expire, kToken, &none).ok());
  EXPECT_EQ(none.points(), 0);  // nothing is 30 days old yet
  expire.mutable_as_of()->set_seconds(
      absl::ToUnixSeconds(absl::Now() + absl::Hours(24 * 31)));
  pos::v1::ExpirePointsResponse expired;
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::ExpirePoints, expire, kToken, &expired).ok());
  EXPECT_EQ(expired.points(), 200);  // 300 credited, 100 used since
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::ExpirePoints, expire, kToken, &expired).ok());
  EXPECT_EQ(expired.points(), 0);
  pos::v1::GetCustomerRequest get;
  get.set_org_id(org_);
  get.mutable_by()->set_customer_id(jane);
  pos::v1::CustomerProfile p;
  ASSERT_TRUE(AdminCall(&AdminService::Stub::GetCustomer, get, kToken, &p).ok());
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
    for (int i = 0; i < kRacers; ++i) {
      racers.emplace_back([&, i] {
        TillClientOptions o = Options();
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
