// The cashier's console against a fake back office and a disk that fails:
// a payment completes only once its bill is on disk; a refused payment holds
// the sale as it was; the outbox drains in order when the back office
// answers again, while the console keeps working.
#include "tests/terminal/console_fixture.h"

namespace tillstream {
namespace {

TEST_F(ConsoleTest, AFullDiskRefusesThePaymentHoldsTheSaleAndTheRetryCompletesItOnce) {
  Type({"1001", "1002"});
  disk_.space_left = 0;
  Type({"pay cash"});
  std::string out = Output();
  EXPECT_NE(out.find("PAYMENT REFUSED"), std::string::npos) << out;
  EXPECT_NE(out.find("the till's disk is full"), std::string::npos) << out;
  EXPECT_NE(out.find("2 lines, due 3.50"), std::string::npos) << out;
  EXPECT_TRUE(console_->held());
  EXPECT_EQ(office_.Count(), 0u);
  EXPECT_EQ(OutboxFiles(), 0u);

  // The next customer's scan does not join the held sale.
  Type({"1002"});
  out = Output();
  EXPECT_NE(out.find("the open sale is held"), std::string::npos) << out;

  disk_.space_left = -1;  // the disk recovers
  Type({"pay cash"});
  EXPECT_FALSE(console_->held());
  const pos::v1::SubmitBill bill = OnlyBill();
  EXPECT_EQ(bill.lines_size(), 2);
  EXPECT_EQ(bill.tenders_size(), 1);  // the refused tender was taken back
  EXPECT_EQ(bill.tenders(0).amount().minor_units(), 350);
  EXPECT_EQ(bill.bill_number(), "t1-000001");
  EXPECT_EQ(OutboxFiles(), 0u);

  Type({"1002", "pay card"});
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    ASSERT_EQ(office_.arrival, (std::vector<std::string>{"t1-000001", "t1-000002"}));
    for (const auto& [id, b] : office_.bills) {
      if (b.bill_number() == "t1-000002") {
        EXPECT_EQ(b.lines_size(), 1);
      }
    }
  }
  EXPECT_EQ(Stop(), kExitAllRecorded);  // the refused payment was completed later
}

TEST_F(ConsoleTest, AReadOnlyDiskRefusesAHandWrittenNumberUntilItIsWritableAgain) {
  Type({"billno B-7", "1001"});
  disk_.read_only = true;
  Type({"pay card"});
  const std::string out = Output();
  EXPECT_NE(out.find("read-only"), std::string::npos) << out;
  EXPECT_EQ(office_.Count(), 0u);
  disk_.read_only = false;
  Type({"pay card"});
  EXPECT_EQ(OnlyBill().bill_number(), "B-7");
  EXPECT_EQ(Stop(), kExitAllRecorded);
}

TEST_F(ConsoleTest, AFailingFsyncRefusesThePaymentAndKeepsTheReservedNumber) {
  Type({"1001", "pay cash 1.00"});  // a partial tender needs no disk
  EXPECT_NE(Output().find("due 1.50"), std::string::npos);
  // The counter (file, then directory) is kept, the bill's fsync fails.
  disk_.fsyncs_before_failing = 2;
  disk_.failing_fsyncs = 1;
  Type({"pay cash"});
  EXPECT_NE(Output().find("I/O error"), std::string::npos);
  EXPECT_EQ(office_.Count(), 0u);
  Type({"pay cash"});
  const pos::v1::SubmitBill bill = OnlyBill();
  EXPECT_EQ(bill.bill_number(), "t1-000001");  // the number reserved at the first try
  EXPECT_EQ(bill.tenders_size(), 2);
  EXPECT_EQ(
      bill.tenders(0).amount().minor_units() + bill.tenders(1).amount().minor_units(),
      250);
  EXPECT_EQ(Stop(), kExitAllRecorded);
}

TEST_F(ConsoleTest, ACancelledHeldSaleLeavesNothingAndCountsAsRefused) {
  Type({"1001", "1001"});
  disk_.space_left = 0;
  Type({"pay cash"});
  disk_.space_left = -1;
  Type({"cancel", "1002", "pay cash"});
  const pos::v1::SubmitBill bill = OnlyBill();
  EXPECT_EQ(bill.lines_size(), 1);
  EXPECT_EQ(bill.lines(0).sku(), "SKU1002");
  EXPECT_EQ(Stop(), kExitRefused);
}

TEST_F(ConsoleTest, ASaleHeldAtEndOfInputIsRefusedNotSent) {
  Type({"1001"});
  disk_.space_left = 0;
  Type({"pay card"});
  EXPECT_EQ(Stop(), kExitRefused);
  disk_.space_left = -1;
  Start();  // the next start sends nothing: the sale was never paid
  console_->ResendOutbox();
  EXPECT_EQ(Stop(), kExitAllRecorded);
  EXPECT_EQ(office_.Count(), 0u);
}

TEST_F(ConsoleTest, ARefundRefusedOnAFullDiskKeepsTheReturnUntilItIsKept) {
  Type({"return 11111111-2222-3333-4444-555555555555 full"});
  disk_.space_left = 0;
  Type({"refund cash"});
  EXPECT_NE(Output().find("PAYMENT REFUSED"), std::string::npos);
  EXPECT_EQ(office_.Count(), 0u);
  disk_.space_left = -1;
  Type({"refund cash"});
  const pos::v1::SubmitBill bill = OnlyBill();
  EXPECT_TRUE(bill.has_return_of());
  EXPECT_EQ(bill.tenders(0).amount().minor_units(), 250);
  EXPECT_EQ(Stop(), kExitAllRecorded);
}

TEST_F(ConsoleTest, BillsKeptWhileTheBackOfficeIsSilentAreSentInOrderWithoutARestart) {
  office_.answers_submits = false;
  Type({"1001", "pay cash", "1002", "pay cash", "1001", "1002", "pay card"});
  EXPECT_EQ(office_.Count(), 0u);
  EXPECT_EQ(sender_->pending(), 3u);
  EXPECT_EQ(OutboxFiles(), 3u);
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.answers_submits = true;
  }
  ASSERT_TRUE(WaitUntilDrained());
  EXPECT_EQ(office_.Arrival(),
            (std::vector<std::string>{"t1-000001", "t1-000002", "t1-000003"}));
  EXPECT_EQ(OutboxFiles(), 0u);
  EXPECT_NE(Output().find("(sent from the outbox)"), std::string::npos);
  Type({"1002", "pay cash"});  // and the till goes on as before
  EXPECT_EQ(office_.Count(), 4u);
  EXPECT_EQ(Stop(), kExitAllRecorded);
}

TEST_F(ConsoleTest, UnsentBillsStayForTheNextStartAndTheExitCodeSaysSo) {
  office_.answers_submits = false;
  Type({"1001", "pay cash", "billno REFUSE-1", "1002", "pay cash"});
  EXPECT_EQ(Stop(), kExitUnsent);
  EXPECT_EQ(OutboxFiles(), 2u);
  office_.answers_submits = true;
  Start();
  console_->ResendOutbox();
  EXPECT_EQ(Stop(), kExitRefused);  // REFUSE-1 is refused for good
  EXPECT_EQ(office_.Arrival(), std::vector<std::string>{"t1-000001"});
  EXPECT_EQ(OutboxFiles(), 0u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "rejected"), {}), 1);
}

TEST_F(ConsoleTest, BillsCarryTheCashiersSessionAndTheApprovalButNeverAPin) {
  Type({"signin c1 0000"});
  EXPECT_NE(Output().find("! sign-in refused"), std::string::npos);
  Type({"signin c1 1234"});
  EXPECT_NE(Output().find("cashier Cara (c1) signed in"), std::string::npos);
  Type({"supervisor s1 9999"});
  EXPECT_NE(Output().find("! nothing to approve"), std::string::npos);
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.answers_submits = false;  // the bill stays in the outbox
  }
  Type({"1001", "supervisor s1 9999 price match", "pay cash"});
  EXPECT_NE(Output().find("approved by supervisor s1"), std::string::npos);
  ASSERT_EQ(OutboxFiles(), 1u);
  for (const auto& e : fs::directory_iterator(dir_ / "outbox")) {
    std::ifstream in(e.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(bytes.find("session-1"), std::string::npos);
    EXPECT_NE(bytes.find("approval-for-"), std::string::npos);
    EXPECT_EQ(bytes.find("9999"), std::string::npos);
    EXPECT_EQ(bytes.find("1234"), std::string::npos);
  }
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.answers_submits = true;
  }
  ASSERT_TRUE(WaitUntilDrained());
  const pos::v1::SubmitBill bill = OnlyBill();
  EXPECT_EQ(bill.cashier_session_id(), "session-1");
  EXPECT_EQ(bill.approval_id(), "approval-for-" + bill.bill_id());
  // The approval was for that sale only; the cashier stays signed in.
  Type({"1001", "pay cash"});
  ASSERT_TRUE(WaitUntilDrained());
  std::lock_guard<std::mutex> lock(office_.mu);
  for (const auto& [id, b] : office_.bills) {
    EXPECT_EQ(b.cashier_session_id(), "session-1");
    if (id != bill.bill_id()) {
      EXPECT_EQ(b.approval_id(), "");
    }
  }
}

TEST(ExitCode, SaysWhetherAnythingWasRefusedOrIsUnsent) {
  EXPECT_EQ(ExitCodeFor(0, 0), 0);
  EXPECT_EQ(ExitCodeFor(0, 2), 3);
  EXPECT_EQ(ExitCodeFor(1, 0), 4);
  EXPECT_EQ(ExitCodeFor(2, 1), 5);
}

TEST_F(ConsoleTest, ASupervisorVoidsTheLastBillWithThePinOnThatRequest) {
  Type({"voidbill last s1 9999 rung twice"});
  EXPECT_NE(Output().find("! no bill recorded yet to void"), std::string::npos);
  Type({"1001", "pay cash"});
  const std::string id = OnlyBill().bill_id();
  Type({"1001", "voidbill last s1 9999 rung twice"});
  EXPECT_NE(Output().find("! finish or cancel the open bill"), std::string::npos);
  Type({"cancel", "voidbill last s1 0000 rung twice"});
  EXPECT_NE(Output().find("! void refused: wrong PIN"), std::string::npos);
  Type({"voidbill last s1 9999 rung twice"});
  EXPECT_NE(Output().find("voided by supervisor s1"), std::string::npos);
  std::lock_guard<std::mutex> lock(office_.mu);
  EXPECT_EQ(office_.voided, std::vector<std::string>{id + " rung twice"});
}

}  // namespace
}  // namespace tillstream
