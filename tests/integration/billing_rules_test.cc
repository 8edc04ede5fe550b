// The org's billing rules through gRPC against PostgreSQL: configuration,
// bill-number rules and uniqueness windows, amounts, outliers and statuses.
#include <gtest/gtest.h>

#include "common/ids.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::AdminService;
using testing::PgEnvironment;

class BillingRulesTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    ASSERT_TRUE(AddTill("s1", "t2").ok());
    ASSERT_TRUE(AddStore("s2").ok());
    ASSERT_TRUE(AddTill("s2", "t1").ok());
  }

  pos::v1::BillingConfigVersion Rules() {
    pos::v1::GetBillingConfigRequest req;
    req.set_org_id(org_);
    pos::v1::BillingConfigVersion v;
    EXPECT_TRUE(
        AdminCall(&AdminService::Stub::GetBillingConfig, req, testing::AdminKey(), &v)
            .ok());
    return v;
  }

  grpc::Status SetRules(const pos::v1::BillingConfig& config, int expected = -1,
                        pos::v1::BillingConfigVersion* out = nullptr) {
    pos::v1::SetBillingConfigRequest req;
    req.set_org_id(org_);
    *req.mutable_config() = config;
    req.set_expected_version(expected >= 0 ? expected : Rules().version());
    req.set_changed_by("ops@test");
    req.set_reason("test");
    return AdminCall(&AdminService::Stub::SetBillingConfig, req, testing::AdminKey(),
                     out);
  }

  pos::v1::BillingConfig Unique(pos::v1::UniquenessScope scope, int days = 30) {
    pos::v1::BillingConfig c = Rules().config();
    c.set_bill_number_unique(true);
    c.set_unique_scope(scope);
    c.set_unique_window_days(days);
    return c;
  }

  // Rings up `units` of A1 (1.19 each) on store/till with the given number
  // and time, through a fresh till session.
  absl::StatusOr<pos::v1::BillReceipt> Ring(const std::string& store,
                                            const std::string& till,
                                            const std::string& number, absl::Time when,
                                            int units = 1,
                                            const std::string& bill_id = "",
                                            const std::string& customer_id = "") {
    TillClient client(Options(till, store));
    if (auto hello = client.Connect(); !hello.ok()) return hello.status();
    pos::v1::TillRequest r =
        Submit(bill_id.empty() ? NewUuid() : bill_id, units, 119 * units);
    r.mutable_submit_bill()->set_bill_number(number);
    r.mutable_submit_bill()->mutable_billing_time()->set_seconds(
        absl::ToUnixSeconds(when));
    r.mutable_submit_bill()->set_customer_id(customer_id);
    auto resp = client.Call(r);
    if (!resp.ok()) return resp.status();
    return resp->bill();
  }
};

TEST_F(BillingRulesTest, ConfigIsVersionedAuditedAndValidated) {
  const auto defaults = Rules();
  EXPECT_EQ(defaults.version(), 0);
  EXPECT_TRUE(defaults.config().bill_number_required());
  EXPECT_EQ(defaults.config().unique_window_days(), 30);
  EXPECT_EQ(defaults.config().earliest_billing_date(), "1995-01-01");

  pos::v1::BillingConfig bad = defaults.config();
  bad.set_bill_number_pattern("([0-9]");
  EXPECT_EQ(SetRules(bad).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  bad = defaults.config();
  bad.mutable_min_amount()->set_minor_units(100);
  bad.mutable_min_amount()->set_currency("USD");
  EXPECT_EQ(SetRules(bad).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  pos::v1::BillingConfigVersion v1;
  ASSERT_TRUE(SetRules(Unique(pos::v1::SCOPE_TILL), 0, &v1).ok());
  EXPECT_EQ(v1.version(), 1);
  EXPECT_EQ(v1.changed_by(), "ops@test");
  // A change based on a stale version is refused, not silently merged.
  const grpc::Status stale = SetRules(Unique(pos::v1::SCOPE_ORG), 0);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_NE(stale.error_message().find("version 1"), std::string::npos);
  ASSERT_TRUE(SetRules(Unique(pos::v1::SCOPE_ORG), 1).ok());

  pos::v1::ListBillingConfigHistoryRequest h;
  h.set_org_id(org_);
  pos::v1::BillingConfigHistory history;
  ASSERT_TRUE(AdminCall(&AdminService::Stub::ListBillingConfigHistory, h,
                        testing::AdminKey(), &history)
                  .ok());
  ASSERT_EQ(history.versions_size(), 2);
  EXPECT_EQ(history.versions(0).version(), 2);
  EXPECT_EQ(history.versions(0).config().unique_scope(), pos::v1::SCOPE_ORG);
  EXPECT_EQ(history.versions(1).config().unique_scope(), pos::v1::SCOPE_TILL);
}

TEST_F(BillingRulesTest, NumberRequiredAndPattern) {
  auto missing = Ring("s1", "t1", "", now_);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  pos::v1::BillingConfig c = Rules().config();
  c.set_bill_number_pattern("S[0-9]-[0-9]{4}");
  ASSERT_TRUE(SetRules(c).ok());
  EXPECT_EQ(Ring("s1", "t1", "S1-12345", now_).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Ring("s1", "t1", "S1-1234", now_).ok());
  c.set_bill_number_required(false);
  c.clear_bill_number_pattern();
  ASSERT_TRUE(SetRules(c).ok());
  EXPECT_TRUE(Ring("s1", "t1", "", now_).ok());
  EXPECT_EQ(CountBills(), "2");
}

TEST_F(BillingRulesTest, TillScopeAllowsTheSameNumberOnAnotherTill) {
  ASSERT_TRUE(SetRules(Unique(pos::v1::SCOPE_TILL)).ok());
  auto first = Ring("s1", "t1", "N-1", now_);
  ASSERT_TRUE(first.ok()) << first.status();
  auto dup = Ring("s1", "t1", "N-1", now_ - absl::Hours(1));
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(dup.status().message().find(first->bill_id()), std::string::npos);
  EXPECT_NE(dup.status().message().find("per till (till s1/t1)"), std::string::npos);
  EXPECT_TRUE(Ring("s1", "t2", "N-1", now_).ok());
  EXPECT_TRUE(Ring("s2", "t1", "N-1", now_).ok());
  EXPECT_EQ(CountBills(), "3");
}

TEST_F(BillingRulesTest, StoreAndOrgScopes) {
  ASSERT_TRUE(SetRules(Unique(pos::v1::SCOPE_STORE)).ok());
  ASSERT_TRUE(Ring("s1", "t1", "N-2", now_).ok());
  EXPECT_EQ(Ring("s1", "t2", "N-2", now_).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(Ring("s2", "t1", "N-2", now_).ok());
  ASSERT_TRUE(SetRules(Unique(pos::v1::SCOPE_ORG)).ok());
  ASSERT_TRUE(Ring("s1", "t1", "N-3", now_).ok());
  auto other_store = Ring("s2", "t1", "N-3", now_);
  EXPECT_EQ(other_store.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(other_store.status().message().find("in the org"), std::string::npos);
}

TEST_F(BillingRulesTest, TheWindowReachesBothWays) {
  ASSERT_TRUE(SetRules(Unique(pos::v1::SCOPE_TILL, 30)).ok());
  const absl::Time t0 = now_ - absl::Hours(24 * 60);
  ASSERT_TRUE(Ring("s1", "t1", "W-1", t0).ok());
  const auto day = absl::Hours(24);
  EXPECT_EQ(Ring("s1", "t1", "W-1", t0 + 29 * day).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Ring("s1", "t1", "W-1", t0 - 29 * day).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(Ring("s1", "t1", "W-1", t0 + 30 * day + absl::Seconds(1)).ok());
  EXPECT_TRUE(Ring("s1", "t1", "W-1", t0 - 30 * day - absl::Seconds(1)).ok());
  EXPECT_EQ(CountBills(), "3");
}

TEST_F(BillingRulesTest, AReplayIsTheOriginalNotADuplicate) {
  ASSERT_TRUE(SetRules(Unique(pos::v1::SCOPE_TILL)).ok());
  const std::string id = NewUuid();
  auto first = Ring("s1", "t1", "R-1", now_, 1, id);
  ASSERT_TRUE(first.ok());
  auto again = Ring("s1", "t1", "R-1", now_, 1, id);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->replayed());
  EXPECT_EQ(CountBills(), "1");
}

TEST_F(BillingRulesTest, AmountsOutsideTheRangeAreFlaggedOrRefused) {
  pos::v1::BillingConfig c = Rules().config();
  c.mutable_min_amount()->set_minor_units(200);
  c.mutable_min_amount()->set_currency("EUR");
  c.mutable_max_amount()->set_minor_units(1000);
  c.mutable_max_amount()->set_currency("EUR");
  c.set_out_of_range_action(pos::v1::FLAG);
  ASSERT_TRUE(SetRules(c).ok());
  auto low = Ring("s1", "t1", "A-1", now_, 1);
  ASSERT_TRUE(low.ok());
  EXPECT_EQ(low->status(), pos::v1::OUTLIER);
  ASSERT_EQ(low->warnings_size(), 1);
  EXPECT_EQ(low->warnings(0), "total 1.19 is below the minimum 2.00 EUR");
  auto fine = Ring("s1", "t1", "A-2", now_, 2);
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(fine->status(), pos::v1::NOT_INTERESTED);

  c.set_out_of_range_action(pos::v1::REJECT);
  ASSERT_TRUE(SetRules(c).ok());
  auto high = Ring("s1", "t1", "A-3", now_, 9);
  EXPECT_EQ(high.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CountBills(), "2");
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT count(*) FROM bills WHERE org_id = $1 AND status = 3", org_),
            "1");
}

TEST_F(BillingRulesTest, PrefixesStoresTestModeAndCustomers) {
  pos::v1::BillingConfig c = Rules().config();
  c.add_outlier_bill_number_prefixes("TRN");
  c.add_outlier_store_ids("s2");
  ASSERT_TRUE(SetRules(c).ok());
  EXPECT_EQ(Ring("s1", "t1", "TRN-9", now_)->status(), pos::v1::OUTLIER);
  EXPECT_EQ(Ring("s2", "t1", "P-1", now_)->status(), pos::v1::OUTLIER);

  pos::v1::EnrolCustomerRequest cust;
  cust.set_org_id(org_);
  cust.mutable_customer()->set_name("Jane");
  cust.mutable_customer()->set_mobile("+4915100000001");
  pos::v1::CustomerProfile jane;
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::EnrolCustomer, cust, testing::AdminKey(), &jane)
          .ok());
  EXPECT_EQ(Ring("s1", "t1", "P-2", now_, 1, "", jane.customer().customer_id())->status(),
            pos::v1::REGULAR);
  EXPECT_EQ(Ring("s1", "t1", "P-3", now_)->status(), pos::v1::NOT_INTERESTED);

  c.set_test_mode(true);
  ASSERT_TRUE(SetRules(c).ok());
  EXPECT_EQ(Ring("s1", "t1", "TRN-10", now_)->status(), pos::v1::TEST);

  pos::v1::DaySummaryRequest day;
  day.set_org_id(org_);
  absl::TimeZone berlin;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Berlin", &berlin));
  day.set_business_date(absl::FormatTime("%Y-%m-%d", now_, berlin));
  pos::v1::DaySummaryResponse summary;
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::DaySummary, day, testing::AdminKey(), &summary)
          .ok());
  int outliers = 0;
  for (const auto& s : summary.statuses()) {
    if (s.status() == pos::v1::OUTLIER) outliers = s.bills();
  }
  EXPECT_EQ(summary.bills(), 5);
  EXPECT_EQ(outliers, 2);
}

TEST_F(BillingRulesTest, BillsBeforeTheEarliestDateAreRefused) {
  pos::v1::BillingConfig c = Rules().config();
  c.set_earliest_billing_date(
      absl::FormatTime("%Y-%m-%d", now_ - absl::Hours(24 * 3), absl::UTCTimeZone()));
  ASSERT_TRUE(SetRules(c).ok());
  auto old = Ring("s1", "t1", "E-1", now_ - absl::Hours(24 * 10));
  EXPECT_EQ(old.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(old.status().message().find("earliest billing date"), std::string::npos);
  EXPECT_EQ(Ring("s1", "t1", "E-2", now_ + absl::Hours(25)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Ring("s1", "t1", "E-3", now_).ok());
}

TEST_F(BillingRulesTest, ADeletedBillFreesItsNumberAndLeavesTheFigures) {
  ASSERT_TRUE(SetRules(Unique(pos::v1::SCOPE_TILL)).ok());
  auto first = Ring("s1", "t1", "D-1", now_, 2);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(Ring("s1", "t1", "D-1", now_).status().code(),
            absl::StatusCode::kAlreadyExists);
  pos::v1::DeleteBillRequest del;
  del.set_org_id(org_);
  del.set_bill_id(first->bill_id());
  del.set_deleted_by("ops@test");
  del.set_reason("rung up on the wrong till");
  pos::v1::BillReceipt deleted;
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::DeleteBill, del, testing::AdminKey(), &deleted)
          .ok());
  EXPECT_EQ(deleted.status(), pos::v1::DELETED);
  EXPECT_EQ(AdminCall(&AdminService::Stub::DeleteBill, del).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  auto again = Ring("s1", "t1", "D-1", now_, 1);
  ASSERT_TRUE(again.ok()) << again.status();  // the number is free again

  absl::TimeZone berlin;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Berlin", &berlin));
  pos::v1::DaySummaryRequest day;
  day.set_org_id(org_);
  day.set_business_date(absl::FormatTime("%Y-%m-%d", now_, berlin));
  pos::v1::DaySummaryResponse summary;
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::DaySummary, day, testing::AdminKey(), &summary)
          .ok());
  EXPECT_EQ(summary.bills(), 1);
  EXPECT_EQ(summary.total().minor_units(), 119);
  // The person as the caller named them, and the key the server knows.
  const std::string deleted_by = PgEnvironment::Query(
      "SELECT deleted_by FROM bills WHERE bill_id = $1::uuid", first->bill_id());
  EXPECT_EQ(deleted_by.rfind("ops@test (key '", 0), 0u) << deleted_by;
}

TEST_F(BillingRulesTest, TendersCoverTheTotalAndOnlyCashGivesChange) {
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  const auto tender = [](pos::v1::TenderType type, int64_t amount) {
    pos::v1::TenderInput t;
    t.set_type(type);
    t.mutable_amount()->set_minor_units(amount);
    t.mutable_amount()->set_currency("EUR");
    return t;
  };
  pos::v1::TillRequest r = Submit(NewUuid(), 10, 1190);  // 11.90
  auto* bill = r.mutable_submit_bill();
  bill->clear_tenders();
  *bill->add_tenders() = tender(pos::v1::CARD, 190);
  *bill->add_tenders() = tender(pos::v1::VOUCHER, 500);
  *bill->add_tenders() = tender(pos::v1::CASH, 1000);  // 5.00 due in cash: 5.00 change
  auto paid = client.Call(r);
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->bill().change().minor_units(), 500);
  EXPECT_EQ(paid->bill().tenders_size(), 3);

  pos::v1::TillRequest short_paid = Submit(NewUuid(), 10, 1190);
  short_paid.mutable_submit_bill()->mutable_tenders(0)->mutable_amount()->set_minor_units(
      1000);
  EXPECT_EQ(client.Call(short_paid).status().code(),
            absl::StatusCode::kFailedPrecondition);
  pos::v1::TillRequest card_change = Submit(NewUuid(), 10, 1190);
  *card_change.mutable_submit_bill()->mutable_tenders(0) = tender(pos::v1::CARD, 2000);
  EXPECT_EQ(client.Call(card_change).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CountBills(), "1");
}

TEST_F(BillingRulesTest, DiscountsAreApportionedAndStoredPerLine) {
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  pos::v1::TillRequest r = Submit(NewUuid(), 1, 0);
  auto* bill = r.mutable_submit_bill();
  bill->mutable_lines(0)->set_quantity_milli(3000);  // 3.57
  auto* second = bill->add_lines();
  second->set_line_no(2);
  second->set_sku("A1");
  second->set_quantity_milli(1000);  // 1.19, with 0.19 off
  second->mutable_discount()->set_minor_units(19);
  second->mutable_discount()->set_currency("EUR");
  bill->mutable_sale_discount()->set_minor_units(100);
  bill->mutable_sale_discount()->set_currency("EUR");

  pos::v1::TillRequest quote;
  *quote.mutable_quote_bill() = *bill;
  auto quoted = client.Call(quote);
  ASSERT_TRUE(quoted.ok()) << quoted.status();
  const int64_t total = quoted->quote().total().minor_units();
  EXPECT_EQ(total, 357 + 119 - 19 - 100);
  EXPECT_EQ(CountBills(), "0");  // a quote stores nothing

  bill->mutable_client_total()->set_minor_units(total);
  bill->mutable_tenders(0)->mutable_amount()->set_minor_units(total);
  auto stored = client.Call(r);
  ASSERT_TRUE(stored.ok()) << stored.status();
  const auto& receipt = stored->bill();
  // 1.00 over 3.57 and 1.00: exact 0.7812 and 0.2188 -> 0.78 and 0.22.
  EXPECT_EQ(receipt.lines(0).sale_discount().minor_units(), 78);
  EXPECT_EQ(receipt.lines(1).sale_discount().minor_units(), 22);
  EXPECT_EQ(receipt.lines(1).item_discount().minor_units(), 19);
  EXPECT_EQ(receipt.discount_total().minor_units(), 119);
  EXPECT_EQ(
      PgEnvironment::Query(
          "SELECT sum(sale_discount_minor) || '/' || sum(amount_minor) FROM bill_lines "
          "WHERE bill_id = $1::uuid",
          receipt.bill_id()),
      "100/" + std::to_string(total));

  pos::v1::TillRequest too_much = Submit(NewUuid(), 1, 119);
  too_much.mutable_submit_bill()->mutable_sale_discount()->set_minor_units(120);
  too_much.mutable_submit_bill()->mutable_sale_discount()->set_currency("EUR");
  auto refused = client.Call(too_much);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CountBills(), "1");
}

TEST_F(BillingRulesTest, TaxExclusivePricesAddTaxWithTheOrgsRounding) {
  pos::v1::BillingConfig c = Rules().config();
  c.set_prices_exclude_tax(true);
  c.set_tax_rounding(pos::v1::HALF_EVEN);
  ASSERT_TRUE(SetRules(c).ok());
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  auto scanned = client.Call(Scan("4001", 5000));  // 5.95 net, 7%: 0.4165 -> 0.42
  ASSERT_TRUE(scanned.ok()) << scanned.status();
  EXPECT_EQ(scanned->scanned().tax().minor_units(), 42);
  EXPECT_EQ(scanned->scanned().amount().minor_units(), 595 + 42);
  auto stored = client.Call(Submit(NewUuid(), 5, 637));
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->bill().subtotal().minor_units(), 595);
  EXPECT_EQ(stored->bill().tax_total().minor_units(), 42);
  EXPECT_EQ(stored->bill().total().minor_units(), 637);
}

}  // namespace
}  // namespace tillstream
