#include "server/domain/sales/billing_rules.h"

#include <gtest/gtest.h>

#include "server/domain/catalog/catalog.h"
#include "server/domain/customers/customer.h"
#include "server/domain/org/org.h"
#include "server/domain/reports/reports.h"
#include "server/domain/sales/bill.h"

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
  // A supervisor's approval overrides REJECT: stored, but as an OUTLIER.
  auto overridden = ClassifyBill(c, MakeBill(10001), Override::kSupervisor);
  ASSERT_TRUE(overridden.ok()) << overridden.status();
  EXPECT_EQ(overridden->status, BillStatus::kOutlier);
  EXPECT_EQ(overridden->warnings,
            std::vector<std::string>{"total 100.01 is above the maximum 100.00 EUR, "
                                     "stored on a supervisor's approval"});
  EXPECT_EQ(ClassifyBill(c, MakeBill(5000), Override::kSupervisor)->status,
            BillStatus::kNotInterested);  // in range: the approval changes nothing

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

}  // namespace
}  // namespace tillstream
