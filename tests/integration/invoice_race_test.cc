// Web-shop invoices racing on two servers: one redemption per item, one set
// of codes per commit, one invoice per processor transaction.
#include "tests/integration/invoice_fixture.h"

namespace tillstream {
namespace {

TEST_F(InvoiceTest, RacingRedemptionsOnTwoServersRedeemAnItemOnce) {
  auto second = testing::StartTestServer();
  ASSERT_TRUE(second.ok()) << second.status();
  const std::string target_b = "127.0.0.1:" + std::to_string((*second)->port());
  const std::string buyer = User("race@example.com");
  const pos::v1::Invoice inv = CommittedInvoice(buyer, "race");
  const std::string code = inv.items(0).redemption_code();
  std::vector<std::string> people;
  for (int i = 0; i < 8; ++i)
    people.push_back(User("racer" + std::to_string(i) + "@x.example"));

  std::atomic<int> ok{0}, refused{0}, other{0};
  testing::RaceCalls(8, {target_, target_b}, [&](int i, const auto& channel) {
    pos::v1::RedeemItemRequest req;
    req.set_org_id(org_);
    req.set_redemption_code(code);
    req.set_customer_id(people[i]);
    req.set_request_id("race-" + std::to_string(i));
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    pos::v1::ItemRedemption r;
    const grpc::Status s = InvoiceService::NewStub(channel)->RedeemItem(&ctx, req, &r);
    if (s.ok()) {
      ++ok;
    } else if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
      ++refused;
    } else {
      ++other;
    }
  });
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), 7);
  EXPECT_EQ(other.load(), 0);
  (*second)->Shutdown();
}

TEST_F(InvoiceTest, CommitsRacingOnTwoServersHandOutOneSetOfCodes) {
  auto second = testing::StartTestServer();
  ASSERT_TRUE(second.ok()) << second.status();
  const std::string target_b = "127.0.0.1:" + std::to_string((*second)->port());
  const std::string buyer = User("commit-race@example.com");
  pos::v1::Invoice inv = Begin(buyer, "commit-race");
  ASSERT_TRUE(
      AddItems(inv.invoice_id(), "i", {Item("C1", 500, 2), Item("C2", 300, 1)}).ok());
  ASSERT_TRUE(AddPayments(inv.invoice_id(), "p", {Paid(1300, "ch_commit_race")}).ok());

  std::vector<pos::v1::Invoice> answers(6);
  std::vector<grpc::Status> statuses(6);
  testing::RaceCalls(6, {target_, target_b}, [&](int i, const auto& channel) {
    pos::v1::CommitInvoiceRequest req;
    req.set_org_id(org_);
    req.set_invoice_id(inv.invoice_id());
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    statuses[i] = InvoiceService::NewStub(channel)->CommitInvoice(&ctx, req, &answers[i]);
  });
  int first = 0;
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    first += answers[i].replayed() ? 0 : 1;
    EXPECT_EQ(answers[i].redemption_code(), answers[0].redemption_code());
    EXPECT_EQ(answers[i].items(1).redemption_code(),
              answers[0].items(1).redemption_code());
  }
  EXPECT_EQ(first, 1);  // one commit drew the codes; the others answered it
  pqxx::connection c(PgEnvironment::url());
  pqxx::read_transaction tx(c);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM redemption_codes WHERE org_id = $1"
                            " AND invoice_id = $2::uuid",
                            org_, inv.invoice_id())[0]
                .as<int>(),
            3);
  (*second)->Shutdown();
}

TEST_F(InvoiceTest, ARacedProcessorTransactionIsRecordedOnceAndTheLoserToldWhere) {
  auto second = testing::StartTestServer();
  ASSERT_TRUE(second.ok()) << second.status();
  const std::string target_b = "127.0.0.1:" + std::to_string((*second)->port());
  const std::string buyer = User("txn-race@example.com");
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(Begin(buyer, "txn-race-" + std::to_string(i)).invoice_id());
  std::vector<grpc::Status> statuses(6);
  testing::RaceCalls(6, {target_, target_b}, [&](int i, const auto& channel) {
    pos::v1::AddPaymentsRequest req;
    req.set_org_id(org_);
    req.set_invoice_id(ids[i]);
    req.set_request_id("pay");
    *req.add_payments() = Paid(500, "ch_raced");
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    pos::v1::Invoice out;
    statuses[i] = InvoiceService::NewStub(channel)->AddPayments(&ctx, req, &out);
  });
  int ok = 0;
  std::string winner;
  for (int i = 0; i < 6; ++i) {
    if (statuses[i].ok()) {
      ++ok;
      winner = ids[i];
    }
  }
  ASSERT_EQ(ok, 1);
  for (const auto& s : statuses) {
    if (s.ok()) continue;
    EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
    EXPECT_TRUE(
        absl::StrContains(s.error_message(), "already recorded on invoice " + winner))
        << s.error_message();
  }
  (*second)->Shutdown();
}

}  // namespace
}  // namespace tillstream
