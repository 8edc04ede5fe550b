// The till stream's dispatch without a network: one answer per request, the
// correlation id echoed, refusals as RequestErrors naming the blamed field.
#include "server/rpc/till_request_handler.h"

#include <gtest/gtest.h>

#include "tests/support/fake_repositories.h"

namespace tillstream {
namespace {

using pos::v1::TillRequest;
using pos::v1::TillResponse;

class TillRequestHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::SeedAcme(repos_); }

  TillResponse Send(TillRequest request, const std::string& id = "c1") {
    request.set_correlation_id(id);
    return handler_.Handle(request);
  }
  TillResponse Hello(const std::string& till = "t1") {
    TillRequest r;
    r.mutable_hello()->set_org_id("acme");
    r.mutable_hello()->set_store_id("s1");
    r.mutable_hello()->set_till_id(till);
    return Send(r, "hello");
  }
  TillResponse Scan(const std::string& barcode, int64_t milli = 0) {
    TillRequest r;
    r.mutable_scan()->set_barcode(barcode);
    r.mutable_scan()->set_quantity_milli(milli);
    return Send(r, "scan-" + barcode);
  }
  static TillRequest Submit(const std::string& bill_id, int64_t cash) {
    TillRequest r;
    auto* bill = r.mutable_submit_bill();
    bill->set_bill_id(bill_id);
    bill->set_bill_number("t1-000001");
    bill->mutable_billing_time()->set_seconds(1763800000);
    auto* line = bill->add_lines();
    line->set_line_no(1);
    line->set_sku("A1");
    line->set_quantity_milli(2000);
    auto* tender = bill->add_tenders();
    tender->set_type(pos::v1::CASH);
    tender->mutable_amount()->set_minor_units(cash);
    tender->mutable_amount()->set_currency("EUR");
    bill->mutable_client_total()->set_minor_units(238);
    bill->mutable_client_total()->set_currency("EUR");
    return r;
  }

  testing::FakeRepositories repos_;
  absl::Time now_ = absl::FromUnixSeconds(1763800100);
  TillRequestHandler handler_{repos_.AsRepositories(), "test-peer",
                              [this] { return now_; }};
};

TEST_F(TillRequestHandlerTest, AnEmptyRequestIsRefusedNamingTheKindField) {
  const TillResponse r = Send(TillRequest(), "empty-1");
  EXPECT_EQ(r.correlation_id(), "empty-1");
  EXPECT_EQ(r.kind_case(), TillResponse::KIND_NOT_SET);
  EXPECT_EQ(r.error().code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(r.error().field(), "kind");
}

TEST_F(TillRequestHandlerTest, AnOverlongCorrelationIdIsBlamedAndNothingRuns) {
  TillRequest hello;
  hello.mutable_hello()->set_org_id("acme");
  hello.mutable_hello()->set_store_id("s1");
  hello.mutable_hello()->set_till_id("t1");
  const TillResponse r = Send(hello, std::string(65, 'x'));
  EXPECT_EQ(r.error().field(), "correlation_id");
  EXPECT_TRUE(handler_.org_id().empty());
}

TEST_F(TillRequestHandlerTest, AnEmptyCorrelationIdIsRefusedAndNothingRuns) {
  TillRequest hello;
  hello.mutable_hello()->set_org_id("acme");
  hello.mutable_hello()->set_store_id("s1");
  hello.mutable_hello()->set_till_id("t1");
  const TillResponse r = Send(hello, "");
  EXPECT_EQ(r.error().code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(r.error().field(), "correlation_id");
  EXPECT_NE(r.error().message().find("is required"), std::string::npos)
      << r.error().message();
  EXPECT_TRUE(handler_.org_id().empty());
}

TEST_F(TillRequestHandlerTest, ACouponCheckOfANegativeAmountIsRefused) {
  ASSERT_TRUE(Hello().has_hello());
  TillRequest check;
  check.mutable_check_coupon()->set_code("ANYONE-1");
  check.mutable_check_coupon()->mutable_amount()->set_minor_units(-500);
  check.mutable_check_coupon()->mutable_amount()->set_currency("EUR");
  const TillResponse r = Send(check);
  EXPECT_FALSE(r.has_coupon_check()) << r.DebugString();
  EXPECT_EQ(r.error().code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(r.error().field(), "check_coupon.amount.minor_units");
}

TEST_F(TillRequestHandlerTest, HelloNamesTheTillAndABadIdIsBlamed) {
  const TillResponse bad = Hello("t 1");
  EXPECT_EQ(bad.error().code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(bad.error().field(), "hello.till_id");
  EXPECT_TRUE(handler_.org_id().empty());
  const TillResponse ack = Hello();
  ASSERT_TRUE(ack.has_hello()) << ack.error().message();
  EXPECT_EQ(ack.hello().org_name(), "Acme");
  EXPECT_EQ(ack.hello().currency(), "EUR");
  EXPECT_EQ(ack.hello().server_time().seconds(), 1763800100);
  EXPECT_EQ(handler_.org_id(), "acme");
}

TEST_F(TillRequestHandlerTest, ARefusalThatBlamesNoFieldCarriesNone) {
  const TillResponse r = Scan("4001");  // before hello
  EXPECT_EQ(r.error().code(), static_cast<int>(absl::StatusCode::kFailedPrecondition));
  EXPECT_TRUE(r.error().field().empty());
  EXPECT_FALSE(r.error().message().empty());
}

TEST_F(TillRequestHandlerTest, ScansAnswerPricedLinesWithTheRunningTotal) {
  ASSERT_TRUE(Hello().has_hello());
  const TillResponse first = Scan("4001");  // quantity 0 means one
  ASSERT_TRUE(first.has_scanned()) << first.error().message();
  EXPECT_EQ(first.scanned().sku(), "A1");
  EXPECT_EQ(first.scanned().running_total().minor_units(), 119);
  EXPECT_EQ(first.scanned().running_total().currency(), "EUR");
  const TillResponse apples = Scan("4002", 1500);
  ASSERT_TRUE(apples.has_scanned());
  EXPECT_EQ(apples.scanned().line_no(), 2);
  EXPECT_EQ(apples.scanned().running_total().minor_units(), 119 + 449);
  EXPECT_EQ(Scan("9999").error().code(), static_cast<int>(absl::StatusCode::kNotFound));
}

TEST_F(TillRequestHandlerTest, ASubmittedBillIsStoredOnceAndItsResendReplays) {
  ASSERT_TRUE(Hello().has_hello());
  const std::string id = "123e4567-e89b-42d3-a456-426614174000";
  const TillResponse stored = Send(Submit(id, 300));
  ASSERT_TRUE(stored.has_bill()) << stored.error().message();
  EXPECT_EQ(stored.bill().total().minor_units(), 238);
  EXPECT_EQ(stored.bill().change().minor_units(), 62);
  EXPECT_FALSE(stored.bill().replayed());
  const TillResponse again = Send(Submit(id, 300), "c2");
  EXPECT_EQ(again.correlation_id(), "c2");
  EXPECT_TRUE(again.bill().replayed());
  EXPECT_EQ(repos_.bill_count(), 1u);
  const TillResponse other = Send(Submit(id, 500));
  EXPECT_EQ(other.error().code(), static_cast<int>(absl::StatusCode::kAlreadyExists));
}

TEST_F(TillRequestHandlerTest, AMalformedTenderIsBlamedByItsPath) {
  ASSERT_TRUE(Hello().has_hello());
  TillRequest r = Submit("123e4567-e89b-42d3-a456-426614174001", 300);
  r.mutable_submit_bill()->mutable_tenders(0)->mutable_amount()->set_currency("USD");
  const TillResponse refused = Send(r);
  EXPECT_EQ(refused.error().code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(refused.error().field(), "tenders[0].amount.currency")
      << refused.error().message();
  EXPECT_EQ(repos_.bill_count(), 0u);
}

}  // namespace
}  // namespace tillstream
