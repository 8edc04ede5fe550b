// Returns through gRPC against PostgreSQL, including returns racing for the
// same original.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/ids.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::TillRequest;
using testing::PgEnvironment;

class ReturnsTest : public testing::ServerTest {
 protected:
  // A sale of `units` x A1 (1.19) on till t1; returns its receipt.
  pos::v1::BillReceipt Sell(int units, const std::string& number = "") {
    TillClient client(Options());
    EXPECT_TRUE(client.Connect().ok());
    TillRequest r = Submit(NewUuid(), units, 119 * units);
    if (!number.empty()) r.mutable_submit_bill()->set_bill_number(number);
    auto resp = client.Call(r);
    EXPECT_TRUE(resp.ok()) << resp.status();
    return resp.ok() ? resp->bill() : pos::v1::BillReceipt();
  }

  // A return request: quote it for the refund, then submit it paid back in cash.
  absl::StatusOr<pos::v1::BillReceipt> Return(TillClient& client,
                                              const pos::v1::ReturnOf& of,
                                              const std::string& bill_id = "") {
    TillRequest q;
    auto* bill = q.mutable_quote_bill();
    bill->set_bill_id(bill_id.empty() ? NewUuid() : bill_id);
    bill->set_bill_number("R-" + bill->bill_id().substr(0, 8));
    bill->mutable_billing_time()->set_seconds(absl::ToUnixSeconds(now_));
    bill->mutable_client_total()->set_currency("EUR");
    *bill->mutable_return_of() = of;
    auto quote = client.Call(q);
    if (!quote.ok()) return quote.status();
    const int64_t refund = quote->quote().total().minor_units();
    TillRequest s;
    *s.mutable_submit_bill() = *bill;
    s.mutable_submit_bill()->mutable_client_total()->set_minor_units(refund);
    auto* cash = s.mutable_submit_bill()->add_tenders();
    cash->set_type(pos::v1::CASH);
    cash->mutable_amount()->set_minor_units(-refund);
    cash->mutable_amount()->set_currency("EUR");
    auto stored = client.Call(s);
    if (!stored.ok()) return stored.status();
    return stored->bill();
  }

  static pos::v1::ReturnOf Lines(const std::string& original, int line, int units) {
    pos::v1::ReturnOf of;
    of.set_bill_id(original);
    of.set_type(pos::v1::LINE_ITEM);
    auto* l = of.add_lines();
    l->set_original_line_no(line);
    l->set_quantity_milli(units * 1000);
    of.set_reason("customer changed mind");
    return of;
  }
};

TEST_F(ReturnsTest, ALineReturnRefundsNegativelyAndIsStoredOnce) {
  const auto sale = Sell(3);
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  const std::string id = NewUuid();
  auto ret = Return(client, Lines(sale.bill_id(), 1, 1), id);
  ASSERT_TRUE(ret.ok()) << ret.status();
  EXPECT_EQ(ret->type(), pos::v1::RETURN);
  EXPECT_EQ(ret->original_bill_id(), sale.bill_id());
  EXPECT_EQ(ret->total().minor_units(), -119);
  EXPECT_EQ(ret->lines(0).quantity().milli(), -1000);
  EXPECT_EQ(ret->tenders(0).amount().minor_units(), -119);
  auto replay = Return(client, Lines(sale.bill_id(), 1, 1), id);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_TRUE(replay->replayed());
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT count(*) || '/' || sum(total_minor) FROM bills WHERE org_id = $1",
                org_),
            "2/" + std::to_string(357 - 119));
}

TEST_F(ReturnsTest, TheOriginalByNumberMustBeUnambiguous) {
  const auto first = Sell(1, "SAME-1");
  Sell(2, "SAME-1");  // numbers are not unique in this org
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  pos::v1::ReturnOf of;
  of.set_type(pos::v1::FULL);
  of.mutable_by_number()->set_store_id("s1");
  of.mutable_by_number()->set_bill_number("SAME-1");
  of.mutable_by_number()->set_business_date(first.business_date());
  auto ambiguous = Return(client, of);
  EXPECT_EQ(ambiguous.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(ambiguous.status().message().find("bill id"), std::string::npos);
  of.mutable_by_number()->set_bill_number("NOPE-1");
  EXPECT_EQ(Return(client, of).status().code(), absl::StatusCode::kNotFound);
  pos::v1::ReturnOf by_id;
  by_id.set_bill_id(first.bill_id());
  by_id.set_type(pos::v1::FULL);
  auto full = Return(client, by_id);
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_EQ(full->total().minor_units(), -119);
  EXPECT_EQ(Return(client, Lines(first.bill_id(), 1, 1)).status().code(),
            absl::StatusCode::kFailedPrecondition);  // nothing after a full return
}

TEST_F(ReturnsTest, RacingReturnsNeverRefundMoreThanWasPaid) {
  const auto sale = Sell(3);
  constexpr int kRacers = 8;
  std::atomic<int> stored{0}, refused{0}, other{0};
  std::atomic<int64_t> refunded{0};
  std::vector<std::thread> racers;
  for (int i = 0; i < kRacers; ++i) {
    racers.emplace_back([&] {
      TillClient client(Options());
      if (!client.Connect().ok()) return void(++other);
      TillRequest s;
      auto* bill = s.mutable_submit_bill();
      bill->set_bill_id(NewUuid());
      bill->set_bill_number("R-" + bill->bill_id().substr(0, 8));
      bill->mutable_billing_time()->set_seconds(absl::ToUnixSeconds(now_));
      bill->mutable_client_total()->set_currency("EUR");
      bill->mutable_client_total()->set_minor_units(-119);
      *bill->mutable_return_of() = Lines(sale.bill_id(), 1, 1);
      auto* cash = bill->add_tenders();
      cash->set_type(pos::v1::CASH);
      cash->mutable_amount()->set_minor_units(119);
      cash->mutable_amount()->set_currency("EUR");
      auto r = client.Call(s);
      if (r.ok()) {
        ++stored;
        refunded -= r->bill().total().minor_units();
      } else if (r.status().code() == absl::StatusCode::kFailedPrecondition) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : racers) t.join();
  EXPECT_EQ(stored.load(), 3);
  EXPECT_EQ(refused.load(), kRacers - 3);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(refunded.load(), 357);
  EXPECT_EQ(
      PgEnvironment::Query("SELECT sum(total_minor) FROM bills WHERE org_id = $1", org_),
      "0");
}

}  // namespace
}  // namespace tillstream
