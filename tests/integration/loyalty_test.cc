// Customers and loyalty through gRPC against PostgreSQL: identifiers and
// their uniqueness, look-ups at the till, points earned and redeemed in the
// bill's transaction, validation codes, returns.
#include "tests/integration/loyalty_fixture.h"

namespace tillstream {
namespace {

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
      AdminCall(&AdminService::Stub::EnrolCustomer, again, AdminKey(), &updated).ok());
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
  // Least privilege: the till sees masked contact data and no bill history...
  EXPECT_EQ(p.customer().card_number(), "****8888");
  EXPECT_EQ(p.customer().mobile(), "+49*******0003");
  EXPECT_EQ(p.last_bills_size(), 0);
  // ...which the back office sees in full.
  pos::v1::GetCustomerRequest get;
  get.set_org_id(org_);
  get.mutable_by()->set_card_number("77778888");
  pos::v1::CustomerProfile full;
  ASSERT_TRUE(AdminCall(&AdminService::Stub::GetCustomer, get, AdminKey(), &full).ok());
  EXPECT_EQ(full.customer().card_number(), "77778888");
  EXPECT_EQ(full.customer().mobile(), "+4915100000003");
  ASSERT_EQ(full.last_bills_size(), 1);
  EXPECT_EQ(full.last_bills(0).total().minor_units(), 1190);
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
      AdminCall(&AdminService::Stub::ListPointsLedger, list, AdminKey(), &ledger).ok());
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

}  // namespace
}  // namespace tillstream
