// PurchaseIntake over in-memory repositories: what it hands the storage (the
// buyer, the business date) and how it plans points for refund lines.
#include "server/usecases/purchase_intake.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "tests/support/fake_repositories.h"

namespace tillstream {
namespace {

// Runs the planner against the originals a test sets, like the database would.
class PlanningPurchases : public PurchaseRepository {
 public:
  absl::StatusOr<StoredPurchase> RecordPurchase(const StoredPurchase& purchase,
                                                const std::string&,
                                                const PurchasePlanner& plan) override {
    auto planned = plan(LoyaltyConfig{}, originals);
    if (!planned.ok()) return planned.status();
    StoredPurchase out = purchase;
    out.purchase = *planned;
    return out;
  }
  absl::StatusOr<StoredPurchase> GetPurchase(const std::string&, const std::string&,
                                             const std::string&) override {
    return absl::NotFoundError("not kept");
  }
  RefundedLines originals;
};

PurchaseLine Line(int32_t no, int64_t units, int64_t price) {
  PurchaseLine l;
  l.line_no = no;
  l.sku = "A";
  l.name = "Item A";
  l.quantity_milli = units * 1000;
  l.unit_price_minor = price;
  l.extended_minor = units * price;
  if (units < 0) {
    l.is_refund = true;
    l.refunds_transaction_id = "T-1";
    l.refunds_line_no = 1;
  }
  return l;
}

Purchase Settled(std::vector<PurchaseLine> lines) {
  Purchase p;
  p.source = "erp";
  p.external_transaction_id = "T-2";
  p.store_id = "s1";
  p.currency = "EUR";
  // 23:30 UTC on 14 January 2027 is already the 15th in Berlin.
  p.purchase_time =
      absl::FromCivil(absl::CivilMinute(2027, 1, 14, 23, 30), absl::UTCTimeZone());
  p.lines = std::move(lines);
  for (const auto& l : p.lines) {
    (l.is_refund ? p.refund_minor : p.sub_total_minor) += l.extended_minor;
  }
  p.paid_minor = p.sub_total_minor + p.refund_minor;
  return p;
}

class PurchaseIntakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::SeedAcme(repos_);
    // 3 of A sold to c-1 earning 30 points; 1 already refunded (10 points back).
    purchases_.originals[{"T-1", 1}] = RefundedLine{"p-1", "c-1", "A", 3000, 30, 1000};
  }
  testing::FakeRepositories repos_;
  PlanningPurchases purchases_;
  PurchaseIntake desk_{repos_.AsRepositories(), &purchases_,
                       [] { return absl::FromUnixSeconds(1'800'000'000); }};
};

TEST_F(PurchaseIntakeTest, RefundLinesOfOnePurchaseShareWhatIsLeftOfALine) {
  auto both = desk_.Record("acme", Settled({Line(1, -1, 1000), Line(2, -1, 1000)}), "fp");
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ(both->purchase.lines[0].points, -10);
  EXPECT_EQ(both->purchase.lines[1].points, -10);  // 30 in all, never more
  EXPECT_EQ(both->business_date, "2027-01-15");
  EXPECT_EQ(both->customer_id, "");  // the refund names nobody

  auto too_many =
      desk_.Record("acme", Settled({Line(1, -1, 1000), Line(2, -2, 1000)}), "fp");
  EXPECT_EQ(too_many.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(too_many.status().message(), "lines[1] refunds 2"))
      << too_many.status();
}

TEST_F(PurchaseIntakeTest, ARefundOfALineThatWasNeverSoldIsRefused) {
  PurchaseLine l = Line(1, -1, 1000);
  l.refunds_line_no = 7;
  auto s = desk_.Record("acme", Settled({l}), "fp");
  EXPECT_EQ(s.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(s.status().message(), "has no such sale line"))
      << s.status();
}

TEST_F(PurchaseIntakeTest, AmountsMustBeInTheOrgsCurrencyAndTheBuyerIsLookedUpInOrder) {
  Purchase usd = Settled({Line(1, 1, 1000)});
  usd.currency = "USD";
  EXPECT_EQ(desk_.Record("acme", usd, "fp").status().code(),
            absl::StatusCode::kInvalidArgument);

  Customer by_email;
  by_email.customer_id = "c-mail";
  by_email.name = "Mail";
  by_email.email = "max@example.com";
  ASSERT_TRUE(repos_.EnrolCustomer("acme", by_email).ok());
  Purchase sale = Settled({Line(1, 2, 1000)});
  sale.member_id = "NO-SUCH-CARD";
  sale.email = " Max@Example.com";
  auto recorded = desk_.Record("acme", sale, "fp");
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  EXPECT_EQ(recorded->customer_id, "c-mail");
  EXPECT_EQ(recorded->purchase.lines[0].points, 20);  // 1 point per 1.00 by default
  sale.email = "not an email";
  EXPECT_EQ(desk_.Record("acme", sale, "fp").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tillstream
