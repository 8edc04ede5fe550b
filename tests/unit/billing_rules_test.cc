#include "server/domain/billing_rules.h"

#include <gtest/gtest.h>

#include "server/domain/model.h"
#include "server/domain/till_session.h"
#include "tests/support/fake_repositories.h"

namespace tillstream {
namespace {

Bill MakeBill(int64_t total, const std::string& number = "T1-000001") {
  Bill b;
  b.org_id = "acme";
  b.store_id = "s1";
  b.till_id = "t1";
  b.bill_number = number;
  b.currency = "EUR";
  b.total_minor = total;
  b.billing_time = absl::FromUnixSeconds(1763800000);
  return b;
}

TEST(ValidateBillingConfig, RefusesWhatCannotBeApplied) {
  BillingConfig c;
  EXPECT_TRUE(ValidateBillingConfig(c).ok());
  c.bill_number_pattern = "T[0-9+";
  EXPECT_EQ(ValidateBillingConfig(c).message().substr(0, 19), "bill_number_pattern");
  c = BillingConfig();
  c.unique_window_days = 0;
  EXPECT_FALSE(ValidateBillingConfig(c).ok());
  c.unique_window_days = 3651;
  EXPECT_FALSE(ValidateBillingConfig(c).ok());
  c = BillingConfig();
  c.min_amount_minor = 500;
  c.max_amount_minor = 100;
  EXPECT_EQ(ValidateBillingConfig(c).message(), "min_amount is above max_amount");
  c = BillingConfig();
  c.outlier_store_ids = {"bad store"};
  EXPECT_FALSE(ValidateBillingConfig(c).ok());
}

TEST(CheckBillNumberRules, RequiredAndPattern) {
  BillingConfig c;
  EXPECT_EQ(CheckBillNumberRules(c, "").code(), absl::StatusCode::kInvalidArgument);
  c.bill_number_required = false;
  EXPECT_TRUE(CheckBillNumberRules(c, "").ok());
  c.bill_number_pattern = "T[0-9]+-[0-9]{6}";
  EXPECT_TRUE(CheckBillNumberRules(c, "T1-000001").ok());
  EXPECT_FALSE(CheckBillNumberRules(c, "T1-000001x").ok());  // whole number must match
  EXPECT_FALSE(CheckBillNumberRules(c, "xT1-000001").ok());
}

TEST(CheckEarliestBillingTime, UsesTheOrgsDay) {
  BillingConfig c;
  c.earliest_billing_date = absl::CivilDay(2025, 11, 23);
  // 2025-11-22 23:30 UTC is the 23rd in Berlin, still the 22nd in UTC.
  const absl::Time t = absl::FromUnixSeconds(1763854200);
  EXPECT_TRUE(CheckEarliestBillingTime(c, t, "Europe/Berlin").ok());
  EXPECT_FALSE(CheckEarliestBillingTime(c, t, "UTC").ok());
}

TEST(ClassifyBill, StatusPrecedenceAndWarnings) {
  BillingConfig c;
  EXPECT_EQ(ClassifyBill(c, MakeBill(100))->status, BillStatus::kNotInterested);
  Bill with_customer = MakeBill(100);
  with_customer.customer_id = "c";
  EXPECT_EQ(ClassifyBill(c, with_customer)->status, BillStatus::kRegular);

  auto zero = ClassifyBill(c, MakeBill(0));
  EXPECT_EQ(zero->status, BillStatus::kOutlier);
  EXPECT_EQ(zero->warnings, std::vector<std::string>{"total is zero"});

  c.min_amount_minor = 200;
  c.max_amount_minor = 10000;
  auto low = ClassifyBill(c, MakeBill(100));
  EXPECT_EQ(low->status, BillStatus::kOutlier);
  EXPECT_EQ(low->warnings[0], "total 1.00 is below the minimum 2.00 EUR");
  EXPECT_EQ(ClassifyBill(c, MakeBill(10000))->status,
            BillStatus::kNotInterested);  // inclusive
  EXPECT_EQ(ClassifyBill(c, MakeBill(10001))->status, BillStatus::kOutlier);

  c.out_of_range_action = OutOfRangeAction::kReject;
  auto rejected = ClassifyBill(c, MakeBill(10001));
  EXPECT_EQ(rejected.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(rejected.status().message().find("above the maximum 100.00"),
            std::string::npos);

  c = BillingConfig();
  c.outlier_prefixes = {"TRN", "X"};
  EXPECT_EQ(ClassifyBill(c, MakeBill(100, "TRN-1"))->status, BillStatus::kOutlier);
  c.outlier_store_ids = {"s1"};
  EXPECT_EQ(ClassifyBill(c, MakeBill(100))->warnings.size(), 1u);
  c.test_mode = true;
  EXPECT_EQ(ClassifyBill(c, MakeBill(100, "TRN-1"))->status, BillStatus::kTest);
}

TEST(ClaimFor, ScopeKeys) {
  BillingConfig c;
  EXPECT_FALSE(ClaimFor(c, MakeBill(100)).has_value());
  c.bill_number_unique = true;
  EXPECT_FALSE(ClaimFor(c, MakeBill(100, "")).has_value());
  EXPECT_EQ(ClaimFor(c, MakeBill(100))->scope_key, "");
  c.unique_scope = UniquenessScope::kStore;
  EXPECT_EQ(ClaimFor(c, MakeBill(100))->scope_key, "s1");
  c.unique_scope = UniquenessScope::kTill;
  c.unique_window_days = 7;
  EXPECT_EQ(ClaimFor(c, MakeBill(100))->scope_key, "s1/t1");
  EXPECT_EQ(ClaimFor(c, MakeBill(100))->window_days, 7);
}

class SubmitRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::SeedAcme(repos_);
    ASSERT_TRUE(session_.Hello("acme", "s1", "t1").ok());
  }
  BillInput Input(const std::string& id, const std::string& number, absl::Time t) {
    BillInput in;
    in.bill_id = id;
    in.bill_number = number;
    in.billing_time = t;
    in.lines = {{1, "A1", 1000}};
    in.tenders = {{TenderType::kCash, 119, ""}};
    in.client_currency = "EUR";
    in.client_total_minor = 119;
    return in;
  }
  testing::FakeRepositories repos_;
  absl::Time now_ = absl::FromUnixSeconds(1763800000);
  TillSession session_{repos_.AsRepositories(), [this] { return now_; }};
};

TEST_F(SubmitRulesTest, TheSessionAppliesTheOrgsRules) {
  BillingConfig c;
  c.bill_number_unique = true;
  c.unique_window_days = 10;
  c.max_amount_minor = 100;
  ASSERT_TRUE(repos_.SaveBillingConfig("acme", c, 0, "ops", "test").ok());
  const absl::Time t0 = now_ - absl::Hours(24 * 20);
  auto first = session_.Submit(Input("123e4567-e89b-42d3-a456-426614174001", "N1", t0));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->bill.status, BillStatus::kOutlier);  // 1.19 is above 1.00
  ASSERT_TRUE(first->bill.claim.has_value());
  // Ten days later is outside the window; nine days earlier is inside.
  EXPECT_TRUE(session_
                  .Submit(Input("123e4567-e89b-42d3-a456-426614174002", "N1",
                                t0 + absl::Hours(240)))
                  .ok());
  EXPECT_EQ(session_
                .Submit(Input("123e4567-e89b-42d3-a456-426614174003", "N1",
                              t0 - absl::Hours(216)))
                .status()
                .code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(session_.Submit(Input("123e4567-e89b-42d3-a456-426614174004", "", now_))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);  // required by default
}

}  // namespace
}  // namespace tillstream
