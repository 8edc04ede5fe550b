// Customer and loyalty use cases over the in-memory repositories.
#include "server/usecases/loyalty_admin.h"

#include <gtest/gtest.h>

#include "tests/support/fake_repositories.h"

namespace tillstream {
namespace {

class LoyaltyAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::SeedAcme(repos_);
    ASSERT_TRUE(repos_.CreateOrg({"de", "DE shop", "EUR", "Europe/Berlin", "49"}).ok());
  }
  Customer Person(std::string mobile, std::string email = "", std::string card = "") {
    Customer c;
    c.name = "Max";
    c.mobile = std::move(mobile);
    c.email = std::move(email);
    c.card_number = std::move(card);
    return c;
  }
  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
  testing::FakeRepositories repos_;
  LoyaltyAdmin office_{repos_.AsRepositories(), [this] { return now_; }};
};

TEST_F(LoyaltyAdminTest, IdentifiersAreNormalisedOnEnrolment) {
  auto c = office_.EnrolCustomer(
      "de", Person("0151 1234 5678", " Max@Example.COM ", "1234 5678-ab"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->first.customer.mobile, "+4915112345678");
  EXPECT_EQ(c->first.customer.email, "max@example.com");
  EXPECT_EQ(c->first.customer.card_number, "12345678AB");
  EXPECT_FALSE(c->second);
  // acme has no default country code: a national number cannot be placed.
  EXPECT_EQ(office_.EnrolCustomer("acme", Person("0151 1234 5678")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(LoyaltyAdminTest, EnrollingAgainUpdatesAndSaysSo) {
  auto first = office_.EnrolCustomer("de", Person("+49 151 1111111"));
  ASSERT_TRUE(first.ok()) << first.status();
  Customer again = Person("0151 1111111", "max@example.com");
  again.name = "Max Mustermann";
  auto second = office_.EnrolCustomer("de", again);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->second);
  EXPECT_EQ(second->first.customer.customer_id, first->first.customer.customer_id);
  EXPECT_EQ(second->first.customer.name, "Max Mustermann");
  EXPECT_EQ(second->first.customer.email, "max@example.com");
}

TEST_F(LoyaltyAdminTest, EnrolmentNeedsAnIdentifierAndRefusesBadOnes) {
  Customer none;
  none.name = "Nobody";
  auto s = office_.EnrolCustomer("de", none);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message().substr(0, 15), "customer.mobile");
  EXPECT_EQ(office_.EnrolCustomer("de", Person("", "no-at-sign")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(office_.EnrolCustomer("de", Person("", "", "12")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(office_.EnrolCustomer("nope", Person("+4915111111111")).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(LoyaltyAdminTest, LookupByAnyIdentifierNormalisesFirst) {
  auto c = office_.EnrolCustomer("de", Person("+4915122222222", "", "CARD-0001"));
  ASSERT_TRUE(c.ok());
  auto by_card = office_.GetCustomer("de", IdentifierKind::kCardNumber, "card 0001");
  ASSERT_TRUE(by_card.ok()) << by_card.status();
  EXPECT_EQ(by_card->customer.customer_id, c->first.customer.customer_id);
  auto by_mobile = office_.GetCustomer("de", IdentifierKind::kMobile, "0151 22222222");
  ASSERT_TRUE(by_mobile.ok()) << by_mobile.status();
  EXPECT_EQ(office_.GetCustomer("de", IdentifierKind::kEmail, "x@y.z").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(office_.GetCustomer("de", std::nullopt, "not-a-uuid").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(LoyaltyAdminTest, PointsCheckSaysWhyAndIssuesTheSameCodeWhileValid) {
  auto c = office_.EnrolCustomer("de", Person("+4915133333333"));
  ASSERT_TRUE(c.ok());
  const std::string id = c->first.customer.customer_id;
  ASSERT_TRUE(office_.AdjustPoints("de", id, 500, "welcome", "ops", "r1").ok());
  LoyaltyConfig config;
  config.require_validation_code = true;
  config.redeem_multiple = 100;
  ASSERT_TRUE(office_.SetLoyaltyConfig("de", config, 0, "ops", "codes").ok());
  auto no = office_.CheckPoints("de", id, 600);
  ASSERT_TRUE(no.ok()) << no.status();
  EXPECT_FALSE(no->redeemable);
  EXPECT_NE(no->reason.find("500 available"), std::string::npos);
  EXPECT_TRUE(no->validation_code.empty());
  auto yes = office_.CheckPoints("de", id, 300);
  ASSERT_TRUE(yes.ok());
  EXPECT_TRUE(yes->redeemable);
  EXPECT_EQ(yes->value_minor, 300);
  ASSERT_EQ(yes->validation_code.size(), 6u);
  now_ += absl::Minutes(5);
  EXPECT_EQ(office_.CheckPoints("de", id, 200)->validation_code, yes->validation_code);
  auto odd = office_.CheckPoints("de", id, 250);
  EXPECT_FALSE(odd->redeemable);
  EXPECT_NE(odd->reason.find("multiples of 100"), std::string::npos);
}

TEST_F(LoyaltyAdminTest, AdjustmentsAndConfigAreValidated) {
  auto c = office_.EnrolCustomer("de", Person("+4915144444444"));
  ASSERT_TRUE(c.ok());
  const std::string id = c->first.customer.customer_id;
  EXPECT_EQ(office_.AdjustPoints("de", id, 0, "x", "ops", "r").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(office_.AdjustPoints("de", id, -5, "x", "ops", "r").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(office_.AdjustPoints("de", id, 5, "", "ops", "r").status().code(),
            absl::StatusCode::kInvalidArgument);
  LoyaltyConfig bad;
  bad.point_value_minor = 0;
  EXPECT_EQ(office_.SetLoyaltyConfig("de", bad, 0, "ops", "x").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(office_.ExpirePoints("de", now_, "ops").status().code(),
            absl::StatusCode::kFailedPrecondition);  // points never expire by default
  LoyaltyConfig expiring;
  expiring.points_expire_days = 365;
  ASSERT_TRUE(office_.SetLoyaltyConfig("de", expiring, 0, "ops", "expiry").ok());
  ASSERT_TRUE(office_.ExpirePoints("de", now_, "ops").ok());
  EXPECT_EQ(repos_.last_expiry_cutoff, now_ - absl::Hours(24 * 365));
}

TEST_F(LoyaltyAdminTest, CouponsGetUnguessableCodesUnlessGivenOne) {
  CouponSeries s;
  s.series_id = "spring";
  s.name = "Spring";
  s.value_minor = 500;
  s.valid_from = absl::CivilDay(2026, 3, 1);
  s.valid_until = absl::CivilDay(2026, 5, 31);
  ASSERT_TRUE(office_.CreateCouponSeries("de", s).ok());
  auto drawn = office_.IssueCoupon("de", "spring", "", "");
  ASSERT_TRUE(drawn.ok()) << drawn.status();
  EXPECT_EQ(drawn->code.size(), 10u);
  EXPECT_EQ(drawn->code.find_first_of("01OIL"), std::string::npos);
  EXPECT_NE(office_.IssueCoupon("de", "spring", "", "")->code, drawn->code);
  EXPECT_EQ(office_.IssueCoupon("de", "spring", "", "MY CODE").status().code(),
            absl::StatusCode::kInvalidArgument);
  CouponSeries backwards = s;
  backwards.valid_until = absl::CivilDay(2026, 1, 1);
  EXPECT_EQ(office_.CreateCouponSeries("de", backwards).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tillstream
