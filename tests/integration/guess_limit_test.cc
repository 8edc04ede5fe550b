// Guessing is slow: a till or an API key that keeps asking for coupons or
// redemption codes that do not exist is refused with RESOURCE_EXHAUSTED and
// when to retry, counted in the database across every posd.
#include <gtest/gtest.h>

#include "common/redemption_code.h"
#include "pos/v1/invoices.grpc.pb.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::TillRequest;
using testing::PgEnvironment;

class GuessLimitTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    for (auto* app : {&a_, &b_}) {
      auto started = testing::StartTestServer([](ServerConfig& c) {
        c.guesses.max_failures = 3;
        c.guesses.window = absl::Minutes(10);
      });
      ASSERT_TRUE(started.ok()) << started.status();
      *app = *std::move(started);
    }
    ASSERT_TRUE(AddTill("s1", "t2").ok());
  }
  void TearDown() override {
    if (a_) a_->Shutdown();
    if (b_) b_->Shutdown();
  }

  std::string Target(const std::unique_ptr<ServerApp>& app) {
    return "127.0.0.1:" + std::to_string(app->port());
  }
  absl::StatusCode CheckCoupon(TillClient& till, const std::string& code) {
    TillRequest r;
    r.mutable_check_coupon()->set_code(code);
    return till.Call(r).status().code();
  }

  std::unique_ptr<ServerApp> a_, b_;
};

TEST_F(GuessLimitTest, ATillGuessingCouponsWaitsOnEveryServerOtherTillsDoNot) {
  TillClientOptions on_a = Options("t1");
  on_a.server = Target(a_);
  TillClientOptions on_b = Options("t1");
  on_b.server = Target(b_);
  TillClient a(on_a), b(on_b);
  ASSERT_TRUE(a.Connect().ok());
  ASSERT_TRUE(b.Connect().ok());
  EXPECT_EQ(CheckCoupon(a, "NOPE-1"), absl::StatusCode::kNotFound);
  EXPECT_EQ(CheckCoupon(b, "NOPE-2"), absl::StatusCode::kNotFound);
  EXPECT_EQ(CheckCoupon(a, "NOPE-3"), absl::StatusCode::kNotFound);
  TillRequest r;
  r.mutable_check_coupon()->set_code("NOPE-4");
  const auto blocked = b.Call(r);
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(blocked.status().message().find("retry after"), std::string::npos)
      << blocked.status();
  EXPECT_NE(blocked.status().message().find("till:" + org_ + "/s1/t1"),
            std::string::npos);
  // The same till is refused on the other server too; till t2 is not.
  EXPECT_EQ(CheckCoupon(a, "NOPE-5"), absl::StatusCode::kResourceExhausted);
  TillClientOptions t2 = Options("t2");
  t2.server = Target(a_);
  TillClient other(t2);
  ASSERT_TRUE(other.Connect().ok());
  EXPECT_EQ(CheckCoupon(other, "NOPE-6"), absl::StatusCode::kNotFound);
  // Scans and sales go on while the till waits.
  TillRequest scan;
  scan.mutable_scan()->set_barcode("4001");
  EXPECT_TRUE(a.Call(scan).ok());
}

TEST_F(GuessLimitTest, AKeyGuessingRedemptionCodesWaitsAndTheRefusedRedeemIsAudited) {
  const std::string web = testing::MakeKey(Role::kWebPartner, org_, "web shop");
  auto stub = pos::v1::InvoiceService::NewStub(MakeChannel(Target(a_)));
  const auto get_item = [&](const std::string& code) {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(10));
    ctx.AddMetadata("authorization", "Bearer " + web);
    pos::v1::GetInvoiceItemRequest req;
    req.set_org_id(org_);
    req.set_redemption_code(code);
    pos::v1::InvoiceItem item;
    return stub->GetInvoiceItem(&ctx, req, &item);
  };
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(get_item(*NewRedemptionCode()).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  const grpc::Status blocked = get_item(*NewRedemptionCode());
  EXPECT_EQ(blocked.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(blocked.error_message().find("retry after"), std::string::npos);

  grpc::ClientContext ctx;
  SetDeadline(&ctx, std::chrono::seconds(10));
  ctx.AddMetadata("authorization", "Bearer " + web);
  pos::v1::RedeemItemRequest redeem;
  redeem.set_org_id(org_);
  redeem.set_redemption_code(*NewRedemptionCode());
  redeem.set_customer_id(NewUuid());
  redeem.set_request_id("guess-1");
  pos::v1::ItemRedemption out;
  EXPECT_EQ(stub->RedeemItem(&ctx, redeem, &out).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(
      PgEnvironment::Query("SELECT count(*) FROM audit_log WHERE org_id || ' ' || rpc"
                           " || ' ' || outcome = $1",
                           org_ + " InvoiceService/RedeemItem RESOURCE_EXHAUSTED"),
      "1");
  // The admin key is a subject of its own.
  pos::v1::CheckCouponRequest check;
  check.set_org_id(org_);
  check.mutable_check()->set_code("NOPE");
  EXPECT_EQ(AdminCall(&pos::v1::AdminService::Stub::CheckCoupon, check).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace tillstream
