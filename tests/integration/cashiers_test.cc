// Cashiers at the till over real TLS: PINs kept as argon2id hashes, five
// wrong PINs lock a cashier on every posd, bills record their cashier (even
// when the till's outbox sends them on another stream), and returns and
// large discounts need a supervisor's approval, which is recorded on the
// bill and in the audit trail; a supervisor overrides a refused total and
// voids a bill at the till with the PIN on that request.
#include <gtest/gtest.h>

#include <functional>

#include "pos/v1/identity.grpc.pb.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::TillRequest;
using testing::AdminKey;
using testing::PgEnvironment;

class CashiersTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    identity_ = pos::v1::IdentityService::NewStub(MakeChannel(target_));
    ASSERT_TRUE(SetCashier("c1", "Cara", pos::v1::CASHIER, "1234").ok());
    ASSERT_TRUE(SetCashier("s1", "Sam", pos::v1::SUPERVISOR, "987654").ok());
  }

  grpc::Status SetCashier(const std::string& id, const std::string& name,
                          pos::v1::CashierRole role, const std::string& pin) {
    pos::v1::SetCashierRequest req;
    req.set_org_id(org_);
    req.set_cashier_id(id);
    req.set_name(name);
    req.set_role(role);
    req.set_pin(pin);
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    pos::v1::Cashier out;
    return identity_->SetCashier(&ctx, req, &out);
  }

  void RequireCashiers(int discount_bp = 0) {
    SetRules([&](pos::v1::BillingConfig* c) {
      c->set_require_cashier(true);
      c->set_supervisor_discount_bp(discount_bp);
    });
  }

  void SetRules(const std::function<void(pos::v1::BillingConfig*)>& change) {
    pos::v1::GetBillingConfigRequest get;
    get.set_org_id(org_);
    pos::v1::BillingConfigVersion current;
    ASSERT_TRUE(AdminCall(&pos::v1::AdminService::Stub::GetBillingConfig, get, AdminKey(),
                          &current)
                    .ok());
    pos::v1::SetBillingConfigRequest set;
    set.set_org_id(org_);
    *set.mutable_config() = current.config();
    change(set.mutable_config());
    set.set_expected_version(current.version());
    set.set_changed_by("ops@test");
    set.set_reason("cashiers from today");
    ASSERT_TRUE(AdminCall(&pos::v1::AdminService::Stub::SetBillingConfig, set).ok());
  }

  absl::StatusOr<pos::v1::TillResponse> SignIn(TillClient& till, const std::string& id,
                                               const std::string& pin) {
    TillRequest r;
    r.mutable_sign_in()->set_cashier_id(id);
    r.mutable_sign_in()->set_pin(pin);
    return till.Call(r);
  }

  absl::StatusOr<std::string> Approve(TillClient& till, const std::string& id,
                                      const std::string& pin,
                                      const std::string& bill_id) {
    TillRequest r;
    r.mutable_approve()->set_supervisor_id(id);
    r.mutable_approve()->set_pin(pin);
    r.mutable_approve()->set_bill_id(bill_id);
    r.mutable_approve()->set_reason("return");
    auto answer = till.Call(r);
    if (!answer.ok()) return answer.status();
    return answer->approved().approval_id();
  }

  absl::StatusOr<pos::v1::TillResponse> VoidBill(TillClient& till,
                                                 const std::string& bill_id,
                                                 const std::string& supervisor,
                                                 const std::string& pin) {
    TillRequest r;
    r.mutable_void_bill()->set_bill_id(bill_id);
    r.mutable_void_bill()->set_supervisor_id(supervisor);
    r.mutable_void_bill()->set_pin(pin);
    r.mutable_void_bill()->set_reason("rung twice");
    return till.Call(r);
  }

  TillRequest Return(const std::string& original, const std::string& bill_id) {
    TillRequest r;
    auto* b = r.mutable_submit_bill();
    b->set_bill_id(bill_id);
    b->set_bill_number("R-" + bill_id.substr(0, 8));
    b->mutable_billing_time()->set_seconds(absl::ToUnixSeconds(now_));
    b->mutable_return_of()->set_bill_id(original);
    b->mutable_return_of()->set_type(pos::v1::FULL);
    b->mutable_return_of()->set_reason("faulty");
    b->mutable_client_total()->set_minor_units(-119);
    b->mutable_client_total()->set_currency("EUR");
    auto* cash = b->add_tenders();
    cash->set_type(pos::v1::CASH);
    cash->mutable_amount()->set_minor_units(119);
    cash->mutable_amount()->set_currency("EUR");
    return r;
  }

  std::unique_ptr<pos::v1::IdentityService::Stub> identity_;
};

TEST_F(CashiersTest, PinsAreKeptOnlyAsSlowHashesAndNeverInTheAuditTrail) {
  const std::string hash = PgEnvironment::Query(
      "SELECT pin_hash FROM cashiers WHERE org_id || '/' || cashier_id = $1",
      org_ + "/c1");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("1234"), std::string::npos);
  EXPECT_EQ(PgEnvironment::Query("SELECT count(*) FROM audit_log WHERE org_id = $1 AND "
                                 "rpc = 'IdentityService/SetCashier' AND outcome = 'OK'",
                                 org_),
            "2");
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT count(*) FROM audit_log WHERE org_id = $1 AND (target LIKE "
                "'%1234%' OR message LIKE '%1234%')",
                org_),
            "0");
  EXPECT_EQ(SetCashier("c2", "Bad", pos::v1::CASHIER, "12a4").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(CashiersTest, FiveWrongPinsLockTheCashierOnEveryServerUntilUnlocked) {
  auto b = testing::StartTestServer();
  ASSERT_TRUE(b.ok());
  TillClientOptions on_b = Options();
  on_b.server = "127.0.0.1:" + std::to_string((*b)->port());
  TillClient a(Options()), other(on_b);
  ASSERT_TRUE(a.Connect().ok());
  ASSERT_TRUE(other.Connect().ok());
  for (int i = 1; i <= 4; ++i) {
    auto wrong = SignIn(i % 2 ? a : other, "c1", "0000");
    EXPECT_EQ(wrong.status().code(), absl::StatusCode::kUnauthenticated) << i;
    EXPECT_NE(wrong.status().message().find(std::to_string(5 - i) +
                                            (i == 4 ? " try" : " tries")),
              std::string::npos)
        << wrong.status();
  }
  auto fifth = SignIn(a, "c1", "0000");
  EXPECT_EQ(fifth.status().code(), absl::StatusCode::kResourceExhausted);
  // Locked everywhere, even with the right PIN.
  auto right_on_b = SignIn(other, "c1", "1234");
  EXPECT_EQ(right_on_b.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(right_on_b.status().message().find("locked"), std::string::npos);
  // Other cashiers are not locked.
  EXPECT_TRUE(SignIn(a, "s1", "987654").ok());

  pos::v1::UnlockCashierRequest unlock;
  unlock.set_org_id(org_);
  unlock.set_cashier_id("c1");
  grpc::ClientContext ctx;
  testing::Authorize(&ctx);
  pos::v1::Cashier unlocked;
  ASSERT_TRUE(identity_->UnlockCashier(&ctx, unlock, &unlocked).ok());
  EXPECT_EQ(unlocked.failed_pins(), 0);
  auto in = SignIn(other, "c1", "1234");
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->signed_in().name(), "Cara");
  (*b)->Shutdown();
}

TEST_F(CashiersTest, BillsNeedACashierAndRecordTheirsEvenWhenResentElsewhere) {
  RequireCashiers();
  TillClient till(Options());
  ASSERT_TRUE(till.Connect().ok());
  auto anonymous = till.Call(Submit(NewUuid(), 1, 119));
  EXPECT_EQ(anonymous.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(anonymous.status().message().find("cashier signed in"), std::string::npos);
  auto in = SignIn(till, "c1", "1234");
  ASSERT_TRUE(in.ok()) << in.status();
  TillRequest sale = Submit(NewUuid(), 1, 119);
  sale.mutable_submit_bill()->set_cashier_session_id(
      in->signed_in().cashier_session_id());
  auto stored = till.Call(sale);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->bill().cashier_id(), "c1");
  // The till's outbox sender resends on a stream of its own, with nobody
  // signed in there: the bill still belongs to c1.
  TillClient sender(Options());
  ASSERT_TRUE(sender.Connect().ok());
  TillRequest later = Submit(NewUuid(), 2, 238);
  later.mutable_submit_bill()->set_cashier_session_id(
      in->signed_in().cashier_session_id());
  auto resent = sender.Call(later);
  ASSERT_TRUE(resent.ok()) << resent.status();
  EXPECT_EQ(
      PgEnvironment::Query(
          "SELECT string_agg(DISTINCT cashier_id, ',') FROM bills WHERE org_id = $1",
          org_),
      "c1");
  // Another till cannot use c1's session.
  ASSERT_TRUE(AddTill("s1", "t2").ok());
  TillClient t2(Options("t2"));
  ASSERT_TRUE(t2.Connect().ok());
  TillRequest stolen = Submit(NewUuid(), 1, 119);
  stolen.mutable_submit_bill()->set_cashier_session_id(
      in->signed_in().cashier_session_id());
  EXPECT_EQ(t2.Call(stolen).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CashiersTest, AReturnNeedsASupervisorWhoseApprovalIsRecordedAndAudited) {
  RequireCashiers();
  TillClient till(Options());
  ASSERT_TRUE(till.Connect().ok());
  auto in = SignIn(till, "c1", "1234");
  ASSERT_TRUE(in.ok());
  const std::string session = in->signed_in().cashier_session_id();
  TillRequest sale = Submit(NewUuid(), 1, 119);
  sale.mutable_submit_bill()->set_cashier_session_id(session);
  auto sold = till.Call(sale);
  ASSERT_TRUE(sold.ok()) << sold.status();

  const std::string return_id = NewUuid();
  TillRequest ret = Return(sold->bill().bill_id(), return_id);
  ret.mutable_submit_bill()->set_cashier_session_id(session);
  auto unapproved = till.Call(ret);
  EXPECT_EQ(unapproved.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(unapproved.status().message().find("supervisor"), std::string::npos);
  // A cashier is no supervisor; a wrong PIN approves nothing.
  EXPECT_EQ(Approve(till, "c1", "1234", return_id).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Approve(till, "s1", "111111", return_id).status().code(),
            absl::StatusCode::kUnauthenticated);
  auto approval = Approve(till, "s1", "987654", return_id);
  ASSERT_TRUE(approval.ok()) << approval.status();
  ret.mutable_submit_bill()->set_approval_id(*approval);
  auto returned = till.Call(ret);
  ASSERT_TRUE(returned.ok()) << returned.status();
  EXPECT_EQ(returned->bill().approved_by(), "s1");
  EXPECT_EQ(returned->bill().cashier_id(), "c1");
  EXPECT_EQ(
      PgEnvironment::Query("SELECT approved_by || ' ' || cashier_id FROM bills WHERE "
                           "bill_id::text = $1",
                           return_id),
      "s1 c1");
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT principal || ' ' || role || ' ' || outcome || ' ' || target FROM "
                "audit_log WHERE org_id = $1 AND rpc = 'TerminalService/Approve'",
                org_),
            "cashier:s1 supervisor OK till=" + org_ + "/s1/t1 bill_id=" + return_id);
  // The approval is for that bill only.
  TillRequest another = Submit(NewUuid(), 1, 119);
  another.mutable_submit_bill()->set_cashier_session_id(session);
  another.mutable_submit_bill()->set_approval_id(*approval);
  EXPECT_EQ(till.Call(another).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CashiersTest, ADiscountAboveTheOrgLimitNeedsASupervisor) {
  RequireCashiers(/*discount_bp=*/1000);  // above 10 %
  TillClient till(Options());
  ASSERT_TRUE(till.Connect().ok());
  auto in = SignIn(till, "c1", "1234");
  ASSERT_TRUE(in.ok());
  auto sale = [&](int64_t discount, const std::string& id) {
    TillRequest r = Submit(id, 1, 119 - discount);
    r.mutable_submit_bill()->set_cashier_session_id(in->signed_in().cashier_session_id());
    r.mutable_submit_bill()->mutable_sale_discount()->set_minor_units(discount);
    r.mutable_submit_bill()->mutable_sale_discount()->set_currency("EUR");
    return r;
  };
  EXPECT_TRUE(till.Call(sale(11, NewUuid())).ok());  // 9.2 %
  const std::string big = NewUuid();
  TillRequest large = sale(30, big);  // 25 %
  EXPECT_EQ(till.Call(large).status().code(), absl::StatusCode::kPermissionDenied);
  auto approval = Approve(till, "s1", "987654", big);
  ASSERT_TRUE(approval.ok());
  large.mutable_submit_bill()->set_approval_id(*approval);
  auto stored = till.Call(large);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->bill().approved_by(), "s1");
}

TEST_F(CashiersTest, ASupervisorOverridesATotalTheRulesWouldRefuse) {
  SetRules([](pos::v1::BillingConfig* c) {
    c->set_require_cashier(true);
    c->mutable_max_amount()->set_minor_units(200);
    c->mutable_max_amount()->set_currency("EUR");
    c->set_out_of_range_action(pos::v1::REJECT);
  });
  TillClient till(Options());
  ASSERT_TRUE(till.Connect().ok());
  auto in = SignIn(till, "c1", "1234");
  ASSERT_TRUE(in.ok());
  const std::string id = NewUuid();
  TillRequest big = Submit(id, 3, 357);
  big.mutable_submit_bill()->set_cashier_session_id(in->signed_in().cashier_session_id());
  auto refused = till.Call(big);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("supervisor's approval"), std::string::npos)
      << refused.status();
  // A cashier's approval or another bill's does not override.
  EXPECT_EQ(Approve(till, "c1", "1234", id).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto other = Approve(till, "s1", "987654", NewUuid());
  ASSERT_TRUE(other.ok());
  big.mutable_submit_bill()->set_approval_id(*other);
  EXPECT_EQ(till.Call(big).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      PgEnvironment::Query("SELECT count(*) FROM bills WHERE bill_id::text = $1", id),
      "0");

  auto approval = Approve(till, "s1", "987654", id);
  ASSERT_TRUE(approval.ok());
  big.mutable_submit_bill()->set_approval_id(*approval);
  auto stored = till.Call(big);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->bill().status(), pos::v1::OUTLIER);
  EXPECT_EQ(stored->bill().approved_by(), "s1");
  EXPECT_EQ(PgEnvironment::Query("SELECT status || ' ' || approved_by FROM bills WHERE "
                                 "bill_id::text = $1",
                                 id),
            std::to_string(pos::v1::OUTLIER) + " s1");
}

TEST_F(CashiersTest, ASupervisorVoidsTodaysBillOfThisTillWithThePinOnTheRequest) {
  RequireCashiers();
  TillClient till(Options());
  ASSERT_TRUE(till.Connect().ok());
  auto in = SignIn(till, "c1", "1234");
  ASSERT_TRUE(in.ok());
  TillRequest sale = Submit(NewUuid(), 1, 119);
  sale.mutable_submit_bill()->set_cashier_session_id(
      in->signed_in().cashier_session_id());
  auto sold = till.Call(sale);
  ASSERT_TRUE(sold.ok()) << sold.status();
  const std::string id = sold->bill().bill_id();

  // A cashier cannot void; a wrong PIN voids nothing; another till cannot.
  EXPECT_EQ(VoidBill(till, id, "c1", "1234").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(VoidBill(till, id, "s1", "000000").status().code(),
            absl::StatusCode::kUnauthenticated);
  ASSERT_TRUE(AddTill("s1", "t2").ok());
  TillClient t2(Options("t2"));
  ASSERT_TRUE(t2.Connect().ok());
  auto foreign = VoidBill(t2, id, "s1", "987654");
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(foreign.status().message().find("its own bills"), std::string::npos);
  TillRequest no_reason;
  no_reason.mutable_void_bill()->set_bill_id(id);
  no_reason.mutable_void_bill()->set_supervisor_id("s1");
  no_reason.mutable_void_bill()->set_pin("987654");
  EXPECT_EQ(till.Call(no_reason).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PgEnvironment::Query("SELECT status FROM bills WHERE bill_id::text = $1", id),
            std::to_string(sold->bill().status()));

  auto voided = VoidBill(till, id, "s1", "987654");
  ASSERT_TRUE(voided.ok()) << voided.status();
  EXPECT_EQ(voided->bill().status(), pos::v1::DELETED);
  // Sent again after a lost answer: the same bill, nothing done twice.
  auto again = VoidBill(till, id, "s1", "987654");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->bill().replayed());
  EXPECT_EQ(PgEnvironment::Query("SELECT deleted_by || ' / ' || delete_reason FROM bills "
                                 "WHERE bill_id::text = $1",
                                 id),
            "supervisor s1 at till " + org_ + "/s1/t1 / rung twice");
  // One audit row, the supervisor's, written with the deletion.
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT count(*) || ' ' || min(principal) || ' ' || min(outcome) FROM "
                "audit_log WHERE org_id = $1 AND rpc = 'TerminalService/VoidBill'",
                org_),
            "1 cashier:s1 OK");
  // A bill the org does not have is NOT_FOUND.
  EXPECT_EQ(VoidBill(till, NewUuid(), "s1", "987654").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace tillstream
