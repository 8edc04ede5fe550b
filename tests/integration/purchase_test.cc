// Purchases recorded from other systems through gRPC against PostgreSQL:
// a sale with loyalty, a partial refund reversing its points, replays,
// figures that do not add up, the order of customer look-ups, and refunds
// racing for one line on two servers.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/strings/match.h"
#include "pos/v1/purchases.grpc.pb.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::AdminService;
using pos::v1::PurchaseService;
using testing::AdminKey;

pos::v1::Money Eur(int64_t minor) {
  pos::v1::Money m;
  m.set_minor_units(minor);
  m.set_currency("EUR");
  return m;
}

pos::v1::PurchaseLine Line(int32_t no, const std::string& sku, int64_t units,
                           int64_t unit_price, int64_t item_discount,
                           int64_t sale_share) {
  pos::v1::PurchaseLine l;
  l.set_line_no(no);
  l.set_sku(sku);
  l.set_name("Item " + sku);
  l.mutable_quantity()->set_milli(units * 1000);
  l.mutable_quantity()->set_unit(pos::v1::EACH);
  *l.mutable_unit_price() = Eur(unit_price);
  *l.mutable_extended_price() = Eur(units * unit_price);
  *l.mutable_item_discount() = Eur(item_discount);
  *l.mutable_sale_discount_share() = Eur(sale_share);
  return l;
}

pos::v1::PurchaseLine RefundLine(int32_t no, const std::string& sku, int64_t units,
                                 int64_t unit_price, int64_t item_discount,
                                 int64_t sale_share, const std::string& original,
                                 int32_t original_line) {
  pos::v1::PurchaseLine l =
      Line(no, sku, -units, unit_price, -item_discount, -sale_share);
  l.set_is_refund(true);
  l.set_refunds_transaction_id(original);
  l.set_refunds_line_no(original_line);
  return l;
}

// Fills the header figures from the lines (tax on top).
void Settle(pos::v1::Purchase* p, int64_t tax) {
  int64_t sub = 0, item = 0, sale = 0, refund = 0;
  for (const auto& l : p->lines()) {
    const int64_t net = l.extended_price().minor_units() -
                        l.item_discount().minor_units() -
                        l.sale_discount_share().minor_units();
    if (l.is_refund()) {
      refund += net;
    } else {
      sub += l.extended_price().minor_units();
      item += l.item_discount().minor_units();
      sale += l.sale_discount_share().minor_units();
    }
  }
  *p->mutable_sub_total() = Eur(sub);
  *p->mutable_item_discount() = Eur(item);
  *p->mutable_sale_discount() = Eur(sale);
  *p->mutable_refund_amount() = Eur(refund);
  *p->mutable_tax() = Eur(tax);
  *p->mutable_amount_paid() = Eur(sub - item - sale + refund + tax);
}

class PurchaseTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    purchases_ = PurchaseService::NewStub(MakeChannel(target_));
  }

  pos::v1::Purchase Header(const std::string& txn) {
    pos::v1::Purchase p;
    p.set_source("erp");
    p.set_external_transaction_id(txn);
    p.set_store_id("s1");
    p.mutable_purchase_time()->set_seconds(absl::ToUnixSeconds(absl::Now()) - 3600);
    p.set_channel(pos::v1::CHANNEL_WEB);
    p.set_order_type("delivery");
    p.set_pay_method("card");
    return p;
  }

  grpc::Status Record(const pos::v1::Purchase& p, pos::v1::PurchaseRecord* out,
                      const std::string& token = AdminKey()) {
    pos::v1::RecordPurchaseRequest req;
    req.set_org_id(org_);
    *req.mutable_purchase() = p;
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(10));
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    return purchases_->RecordPurchase(&ctx, req, out);
  }

  std::string Enrol(const std::string& name, const std::string& card,
                    const std::string& email, const std::string& external_id) {
    pos::v1::EnrolCustomerRequest req;
    req.set_org_id(org_);
    req.mutable_customer()->set_name(name);
    req.mutable_customer()->set_card_number(card);
    req.mutable_customer()->set_email(email);
    req.mutable_customer()->set_external_id(external_id);
    pos::v1::CustomerProfile p;
    EXPECT_TRUE(AdminCall(&AdminService::Stub::EnrolCustomer, req, AdminKey(), &p).ok());
    return p.customer().customer_id();
  }

  pos::v1::PointsBalance Points(const std::string& customer_id) {
    pos::v1::GetCustomerRequest req;
    req.set_org_id(org_);
    req.mutable_by()->set_customer_id(customer_id);
    pos::v1::CustomerProfile p;
    EXPECT_TRUE(AdminCall(&AdminService::Stub::GetCustomer, req, AdminKey(), &p).ok());
    return p.points();
  }

  // Two of A at 10.00 (item discount 1.00) and one B at 5.50, sale discount
  // 1.50 shared 1.00 / 0.50, 1.84 tax on top: paid 24.84, earns 23 points.
  pos::v1::Purchase Sale(const std::string& txn) {
    pos::v1::Purchase p = Header(txn);
    *p.add_lines() = Line(1, "A", 2, 1000, 100, 100);
    *p.add_lines() = Line(2, "B", 1, 550, 0, 50);
    Settle(&p, 184);
    return p;
  }

  std::unique_ptr<PurchaseService::Stub> purchases_;
};

TEST_F(PurchaseTest, ASaleEarnsAndAPartialRefundReversesItsShareOnce) {
  const std::string buyer = Enrol("Ida", "CARD-1", "ida@example.com", "");
  pos::v1::Purchase sale = Sale("T-100");
  sale.set_member_id("CARD-1");
  pos::v1::PurchaseRecord rec;
  grpc::Status s = Record(sale, &rec);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(rec.replayed());
  EXPECT_EQ(rec.customer_id(), buyer);
  EXPECT_EQ(rec.points_earned(), 23);  // net 18.00 + 5.00
  EXPECT_EQ(rec.purchase().amount_paid().minor_units(), 2484);
  EXPECT_EQ(Points(buyer).available(), 23);

  // The same body again is the same record and books nothing.
  pos::v1::PurchaseRecord again;
  ASSERT_TRUE(Record(sale, &again).ok());
  EXPECT_TRUE(again.replayed());
  EXPECT_EQ(again.purchase_id(), rec.purchase_id());
  EXPECT_EQ(Points(buyer).available(), 23);
  pos::v1::Purchase changed = sale;
  changed.set_pay_method("cash");
  s = Record(changed, &again);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), rec.purchase_id()))
      << s.error_message();

  // One of the two A back (net 9.00 of its 18.00): 9 of its 18 points.
  pos::v1::Purchase refund = Header("T-101");
  *refund.add_lines() = RefundLine(1, "A", 1, 1000, 50, 50, "T-100", 1);
  Settle(&refund, -72);
  ASSERT_TRUE(Record(refund, &rec).ok());
  EXPECT_EQ(rec.customer_id(),
            "");  // the refund names nobody; the buyer loses the points
  EXPECT_EQ(rec.points_reversed(), 9);
  EXPECT_EQ(rec.purchase().refund_amount().minor_units(), -900);
  pos::v1::PointsBalance points = Points(buyer);
  EXPECT_EQ(points.available(), 14);
  EXPECT_EQ(points.earned(), 14);  // net of reversals
  ASSERT_TRUE(Record(refund, &rec).ok());
  EXPECT_TRUE(rec.replayed());
  EXPECT_EQ(Points(buyer).available(), 14);

  // Two more A cannot come back: only one is left.
  pos::v1::Purchase too_much = Header("T-102");
  *too_much.add_lines() = RefundLine(1, "A", 2, 1000, 0, 0, "T-100", 1);
  Settle(&too_much, 0);
  s = Record(too_much, &rec);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "only 1 of 2 are left"))
      << s.error_message();
  // The last A and the B: the rest of the points, exactly.
  pos::v1::Purchase rest = Header("T-103");
  *rest.add_lines() = RefundLine(1, "A", 1, 1000, 50, 50, "T-100", 1);
  *rest.add_lines() = RefundLine(2, "B", 1, 550, 0, 50, "T-100", 2);
  Settle(&rest, -112);
  ASSERT_TRUE(Record(rest, &rec).ok());
  EXPECT_EQ(rec.points_reversed(), 14);
  EXPECT_EQ(Points(buyer).available(), 0);
  // A refund of SKU B against line 1 (an A) is refused.
  pos::v1::Purchase wrong = Header("T-104");
  *wrong.add_lines() = RefundLine(1, "B", 1, 550, 0, 0, "T-100", 1);
  Settle(&wrong, 0);
  s = Record(wrong, &rec);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();

  // The day summary counts what was stored, and nothing refused.
  pos::v1::DaySummaryRequest day;
  day.set_org_id(org_);
  day.set_business_date(rec.business_date());
  pos::v1::DaySummaryResponse summary;
  ASSERT_TRUE(AdminCall(&AdminService::Stub::DaySummary, day, AdminKey(), &summary).ok());
  const auto& f = summary.purchases();
  EXPECT_EQ(f.purchases(), 3);
  EXPECT_EQ(f.with_refunds(), 2);
  EXPECT_EQ(f.customer_purchases(), 1);
  EXPECT_EQ(f.paid().minor_units(), 2484 - 972 - 1512);
  EXPECT_EQ(f.refunded().minor_units(), -900 - 1400);
  EXPECT_EQ(f.points_earned(), 23);
  EXPECT_EQ(f.points_reversed(), 23);

  pos::v1::GetPurchaseRequest get;
  get.set_org_id(org_);
  get.set_source("erp");
  get.set_external_transaction_id("T-101");
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", std::string("Bearer ") + AdminKey());
  pos::v1::PurchaseRecord got;
  ASSERT_TRUE(purchases_->GetPurchase(&ctx, get, &got).ok());
  ASSERT_EQ(got.purchase().lines_size(), 1);
  EXPECT_EQ(got.purchase().lines(0).refunds_transaction_id(), "T-100");
  EXPECT_EQ(got.purchase().lines(0).quantity().milli(), -1000);
}

TEST_F(PurchaseTest, FiguresThatDoNotAddUpAreNamedWithTheDifference) {
  pos::v1::PurchaseRecord rec;
  pos::v1::Purchase p = Sale("F-1");
  p.mutable_sub_total()->set_minor_units(2560);
  p.mutable_amount_paid()->set_minor_units(2480);
  grpc::Status s = Record(p, &rec);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(
      absl::StrContains(s.error_message(),
                        "sub_total is 25.60 but the sale lines' extended prices add "
                        "up to 25.50 (off by +0.10)"))
      << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "amount_paid is 24.80 but"))
      << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "(off by -0.04)"))
      << s.error_message();

  p = Sale("F-2");
  p.mutable_lines(0)->mutable_extended_price()->set_minor_units(1999);
  s = Record(p, &rec);
  EXPECT_TRUE(
      absl::StrContains(s.error_message(),
                        "lines[0].extended_price is 19.99 but quantity 2 x unit price "
                        "10.00 is 20.00 (off by -0.01)"))
      << s.error_message();

  p = Sale("F-3");
  p.mutable_lines(1)->set_is_refund(true);  // a refund line with a positive quantity
  s = Record(p, &rec);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "lines[1].quantity"))
      << s.error_message();

  p = Sale("F-4");
  p.mutable_lines(0)->mutable_item_discount()->set_minor_units(-100);
  Settle(&p, 184);
  s = Record(p, &rec);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "lines[0].item_discount"))
      << s.error_message();

  p = Sale("F-5");
  p.mutable_tax()->set_currency("USD");
  s = Record(p, &rec);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "tax.currency")) << s.error_message();

  p = Sale("F-6");
  p.set_store_id("nowhere");
  EXPECT_EQ(Record(p, &rec).error_code(), grpc::StatusCode::NOT_FOUND);
  p = Sale("F-7");
  p.set_channel(pos::v1::PURCHASE_CHANNEL_UNSPECIFIED);
  EXPECT_EQ(Record(p, &rec).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  p = Sale("F-8");
  EXPECT_EQ(Record(p, &rec, "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Record(p, &rec, "wrong").error_code(), grpc::StatusCode::UNAUTHENTICATED);

  pos::v1::Purchase orphan = Header("F-9");
  *orphan.add_lines() = RefundLine(1, "A", 1, 1000, 0, 0, "NEVER-SENT", 1);
  Settle(&orphan, 0);
  s = Record(orphan, &rec);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "NEVER-SENT")) << s.error_message();

  // Nothing of the refused ones was stored: they can be sent again, right.
  ASSERT_TRUE(Record(Sale("F-1"), &rec).ok());
  EXPECT_FALSE(rec.replayed());
}

TEST_F(PurchaseTest, TheBuyerIsFoundByMemberIdThenExternalIdThenEmail) {
  const std::string by_card = Enrol("Card", "CARD-9", "", "");
  const std::string by_ext = Enrol("Ext", "", "", "CRM-9");
  const std::string by_email = Enrol("Mail", "", "mail@example.com", "");
  pos::v1::PurchaseRecord rec;
  pos::v1::Purchase p = Sale("C-1");
  p.set_member_id("CARD-9");
  p.set_external_customer_id("CRM-9");
  p.set_email("mail@example.com");
  ASSERT_TRUE(Record(p, &rec).ok());
  EXPECT_EQ(rec.customer_id(), by_card);
  p = Sale("C-2");
  p.set_member_id("CARD-UNKNOWN");
  p.set_external_customer_id("CRM-9");
  p.set_email("mail@example.com");
  ASSERT_TRUE(Record(p, &rec).ok());
  EXPECT_EQ(rec.customer_id(), by_ext);
  p = Sale("C-3");
  p.set_email("MAIL@example.com");
  ASSERT_TRUE(Record(p, &rec).ok());
  EXPECT_EQ(rec.customer_id(), by_email);
  p = Sale("C-4");
  p.set_email("nobody@example.com");
  ASSERT_TRUE(Record(p, &rec).ok());
  EXPECT_EQ(rec.customer_id(), "");
  EXPECT_EQ(rec.points_earned(), 0);
  EXPECT_EQ(Points(by_card).available(), 23);
  EXPECT_EQ(Points(by_ext).available(), 23);
}

TEST_F(PurchaseTest, RacingRefundsAndResendsOnTwoServersTakeALineOnce) {
  auto second = testing::StartTestServer();
  ASSERT_TRUE(second.ok()) << second.status();
  const std::string target_b = "127.0.0.1:" + std::to_string((*second)->port());
  const std::string buyer = Enrol("Race", "CARD-R", "", "");
  pos::v1::Purchase sale = Header("R-1");
  sale.set_member_id("CARD-R");
  *sale.add_lines() = Line(1, "A", 3, 1000, 0, 0);
  Settle(&sale, 0);
  pos::v1::PurchaseRecord rec;
  ASSERT_TRUE(Record(sale, &rec).ok());
  ASSERT_EQ(rec.points_earned(), 30);

  // Eight refunds of one unit each (three are left) and four resends of the
  // first of them, all at once over two servers.
  std::atomic<int> ok{0}, replayed{0}, refused{0}, other{0};
  testing::RaceCalls(12, {target_, target_b}, [&](int i, const auto& channel) {
    pos::v1::RecordPurchaseRequest req;
    req.set_org_id(org_);
    pos::v1::Purchase refund = Header("R-REF-" + std::to_string(i < 8 ? i : 0));
    refund.mutable_purchase_time()->set_seconds(1700000000);  // resends are identical
    *refund.add_lines() = RefundLine(1, "A", 1, 1000, 0, 0, "R-1", 1);
    Settle(&refund, 0);
    *req.mutable_purchase() = refund;
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    pos::v1::PurchaseRecord r;
    const grpc::Status s =
        PurchaseService::NewStub(channel)->RecordPurchase(&ctx, req, &r);
    if (s.ok() && r.replayed()) {
      ++replayed;
    } else if (s.ok()) {
      ++ok;
    } else if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
      ++refused;
    } else {
      ++other;
      ADD_FAILURE() << s.error_code() << " " << s.error_message();
    }
  });
  EXPECT_EQ(other.load(), 0);
  // R-REF-0 is stored once (or refused once, with its resends); three units
  // come back in all, never more.
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(ok.load() + refused.load() + replayed.load(), 12);
  EXPECT_EQ(Points(buyer).available(), 0);
  (*second)->Shutdown();
}

}  // namespace
}  // namespace tillstream
