#include "server/usecases/cashier_access.h"

#include <gtest/gtest.h>

#include "common/ids.h"
#include "common/validation.h"
#include "server/usecases/bill_staff.h"
#include "tests/support/fakes/fake_cashier_repository.h"

namespace tillstream {
namespace {

class CashierAccessTest : public ::testing::Test {
 protected:
  CashierAccessTest() : access_(&repo_, [this] { return now_; }) {
    Cashier c{"acme", "c1", "Cara", CashierRole::kCashier, 0, std::nullopt};
    Cashier s{"acme", "s1", "Sam", CashierRole::kSupervisor, 0, std::nullopt};
    EXPECT_TRUE(access_.SetCashier(c, "1234", "key").ok());
    EXPECT_TRUE(access_.SetCashier(s, "987654", "key").ok());
  }

  BillInput Input(const std::string& session = "", const std::string& approval = "") {
    BillInput in;
    in.bill_id = bill_id_;
    in.billing_time = now_;
    in.cashier_session_id = session;
    in.approval_id = approval;
    return in;
  }

  absl::Time now_ = absl::FromUnixSeconds(1700000000);
  const TillIdentity till_{"acme", "s1", "t1"};
  const std::string bill_id_ = NewUuid();
  testing::FakeCashierRepository repo_;
  CashierAccess access_;
};

TEST_F(CashierAccessTest, ARightPinStartsASessionAndClearsEarlierMistakes) {
  EXPECT_FALSE(access_.SignIn(till_, "c1", "9999").ok());
  EXPECT_EQ(repo_.cashiers["c1"].cashier.failed_pins, 1);
  auto in = access_.SignIn(till_, "c1", "1234");
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->session.till, till_);
  EXPECT_EQ(repo_.cashiers["c1"].cashier.failed_pins, 0);
  EXPECT_EQ(BlamedField(access_.SignIn(till_, "c1", "12").status()), "sign_in.pin");
  EXPECT_EQ(access_.SignIn(till_, "nobody", "1234").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(CashierAccessTest, TheFifthWrongPinLocksForAQuarterOfAnHour) {
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(access_.SignIn(till_, "c1", "0000").status().code(),
              absl::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(access_.SignIn(till_, "c1", "0000").status().code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(access_.SignIn(till_, "c1", "1234").status().code(),
            absl::StatusCode::kResourceExhausted);
  now_ += absl::Minutes(15);
  EXPECT_TRUE(access_.SignIn(till_, "c1", "1234").ok());
}

TEST_F(CashierAccessTest, BillsNameTheirCashierAndTheirSupervisorWhereNeeded) {
  BillingConfig rules;
  rules.require_cashier = true;
  EXPECT_EQ(CheckBillStaff(&access_, till_, Input(), rules, "").status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto in = access_.SignIn(till_, "c1", "1234");
  const std::string session = in->session.session_id;
  auto staff = CheckBillStaff(&access_, till_, Input(session), rules, "");
  ASSERT_TRUE(staff.ok()) << staff.status();
  EXPECT_EQ(staff->cashier_id, "c1");
  auto needs = CheckBillStaff(&access_, till_, Input(session), rules, "a return");
  EXPECT_EQ(needs.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(needs.status().message().find("a return needs a supervisor"),
            std::string::npos);
  EXPECT_EQ(access_.Approve(till_, "c1", "1234", bill_id_, "return").status().code(),
            absl::StatusCode::kPermissionDenied);
  auto approval = access_.Approve(till_, "s1", "987654", bill_id_, "return");
  ASSERT_TRUE(approval.ok()) << approval.status();
  auto approved = CheckBillStaff(&access_, till_, Input(session, approval->approval_id),
                                 rules, "a return");
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->approved_by, "s1");
  // Another till, or a bill rung after sign-out, is refused.
  const TillIdentity other{"acme", "s1", "t2"};
  EXPECT_FALSE(CheckBillStaff(&access_, other, Input(session), rules, "").ok());
  ASSERT_TRUE(access_.SignOut(till_, session).ok());
  now_ += absl::Hours(1);
  BillInput late = Input(session);
  late.billing_time = now_;
  EXPECT_EQ(CheckBillStaff(&access_, till_, late, rules, "").status().code(),
            absl::StatusCode::kFailedPrecondition);
  // A server without cashiers takes bills naming none only.
  EXPECT_TRUE(CheckBillStaff(nullptr, till_, Input(), BillingConfig{}, "").ok());
  EXPECT_FALSE(CheckBillStaff(nullptr, till_, Input(session), BillingConfig{}, "").ok());
}

TEST_F(CashierAccessTest, ASupervisorIsNeededForReturnsAndLargeDiscountsOnly) {
  BillingConfig rules;
  Bill bill;
  bill.currency = "EUR";
  bill.subtotal_minor = 1000;
  bill.discount_minor = 200;
  EXPECT_EQ(SupervisorNeededFor(rules, bill), "");  // no cashiers: no supervisors
  rules.require_cashier = true;
  EXPECT_EQ(SupervisorNeededFor(rules, bill), "");  // no discount limit
  rules.supervisor_discount_bp = 2000;
  EXPECT_EQ(SupervisorNeededFor(rules, bill), "");  // 20 % is not above 20 %
  bill.discount_minor = 201;
  EXPECT_EQ(SupervisorNeededFor(rules, bill), "a discount above 20.00 % of the bill");
  bill.discount_minor = 0;
  bill.type = BillType::kReturn;
  EXPECT_EQ(SupervisorNeededFor(rules, bill), "a return");
}

}  // namespace
}  // namespace tillstream
