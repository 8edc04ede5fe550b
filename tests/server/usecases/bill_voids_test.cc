#include "server/usecases/bill_voids.h"

#include <gtest/gtest.h>

#include "server/usecases/till_session.h"
#include "tests/support/fake_repositories.h"
#include "tests/support/fakes/fake_cashier_repository.h"

namespace tillstream {
namespace {

class BillVoidsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::SeedAcme(repos_);
    Cashier s{"acme", "s1", "Sam", CashierRole::kSupervisor, 0, std::nullopt};
    ASSERT_TRUE(cashiers_.SetCashier(s, "987654", "key").ok());
    TillSession session(repos_.AsRepositories(), [this] { return now_; });
    auto till = session.Hello("acme", "s1", "t1");
    ASSERT_TRUE(till.ok()) << till.status();
    till_ = *till;
    BillInput in;
    in.bill_id = bill_id_;
    in.bill_number = "t1-1";
    in.billing_time = now_;
    in.lines = {{1, "A1", 1000}};
    in.tenders = {{TenderType::kCash, 119, ""}};
    in.client_currency = "EUR";
    in.client_total_minor = 119;
    ASSERT_TRUE(session.Submit(in).ok());
  }

  VoidRequest Request() const { return {bill_id_, "s1", "987654", "rung twice"}; }

  testing::FakeRepositories repos_;
  testing::FakeCashierRepository cashier_repo_;
  absl::Time now_ = absl::FromUnixSeconds(1763800000);
  CashierAccess cashiers_{&cashier_repo_, [this] { return now_; }};
  BillVoids voids_{repos_.AsRepositories(), &cashiers_, [this] { return now_; }};
  TillContext till_;
  const std::string bill_id_ = "123e4567-e89b-42d3-a456-426614174000";
};

TEST_F(BillVoidsTest, OnlyTodaysBillsAreVoidedAtTheTill) {
  now_ += absl::Hours(48);
  auto late = voids_.VoidAtTill(till_, Request());
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(late.status().message().find("the back office deletes"), std::string::npos);
  now_ -= absl::Hours(48);
  auto voided = voids_.VoidAtTill(till_, Request());
  ASSERT_TRUE(voided.ok()) << voided.status();
  EXPECT_EQ(voided->bill.status, BillStatus::kDeleted);
  EXPECT_FALSE(voided->replayed);
}

TEST_F(BillVoidsTest, AServerWithoutCashiersVoidsNothing) {
  BillVoids none(repos_.AsRepositories(), nullptr, [this] { return now_; });
  EXPECT_EQ(none.VoidAtTill(till_, Request()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  VoidRequest bad = Request();
  bad.bill_id = "not-a-uuid";
  EXPECT_EQ(voids_.VoidAtTill(till_, bad).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_NE(repos_.AsRepositories().bills->GetBill("acme", bill_id_)->bill.status,
            BillStatus::kDeleted);
}

}  // namespace
}  // namespace tillstream
