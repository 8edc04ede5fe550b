// The till session applies the org's billing rules to every submitted bill.
#include <gtest/gtest.h>

#include "server/domain/sales/billing_rules.h"
#include "server/usecases/till_session.h"
#include "tests/support/fake_repositories.h"

namespace tillstream {
namespace {

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
