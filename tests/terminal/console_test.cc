// The cashier's console against a fake back office and a disk that fails:
// a payment completes only once its bill is on disk; a refused payment holds
// the sale as it was; the outbox drains in order when the back office
// answers again, while the console keeps working.
#include "terminal/console.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "tests/support/faulty_file_system.h"
#include "tests/support/scratch_dir.h"

namespace tillstream {
namespace {
namespace fs = std::filesystem;

// What the fake server stores, shared by the console's link and the sender's.
struct FakeBackOffice {
  std::mutex mu;
  bool answers_submits = true;  // false: submits get no answer (UNAVAILABLE)
  bool reachable = true;        // false: nothing is answered (the LAN is down)
  std::map<std::string, pos::v1::SubmitBill> bills;
  std::vector<std::string> arrival;  // bill numbers, in the order stored
  std::vector<std::string> voided;   // "BILL_ID REASON" of each void_bill

  std::vector<std::string> Arrival() {
    std::lock_guard<std::mutex> lock(mu);
    return arrival;
  }
  size_t Count() {
    std::lock_guard<std::mutex> lock(mu);
    return bills.size();
  }
};

class FakeLink : public TillLink {
 public:
  explicit FakeLink(FakeBackOffice* office) : office_(office) {
    hello_.set_currency("EUR");
    hello_.set_time_zone("UTC");
  }
  absl::StatusOr<pos::v1::HelloAck> Connect() override {
    std::lock_guard<std::mutex> lock(office_->mu);
    if (!office_->reachable) return absl::UnavailableError("no route to the back office");
    return hello_;
  }
  bool connected() override {
    std::lock_guard<std::mutex> lock(office_->mu);
    return office_->answers_submits && office_->reachable;
  }
  const pos::v1::HelloAck& hello() const override { return hello_; }
  absl::StatusOr<pos::v1::TillResponse> CallWithRetry(
      const pos::v1::TillRequest& request) override {
    return Call(request);
  }

  absl::StatusOr<pos::v1::TillResponse> Call(pos::v1::TillRequest request) override {
    {
      std::lock_guard<std::mutex> lock(office_->mu);
      if (!office_->reachable)
        return absl::UnavailableError("no route to the back office");
    }
    pos::v1::TillResponse response;
    if (request.has_scan()) {
      const int64_t price = request.scan().barcode() == "1001" ? 250 : 100;
      auto* line = response.mutable_scanned();
      line->set_line_no(++lines_);
      line->set_barcode(request.scan().barcode());
      line->set_sku("SKU" + request.scan().barcode());
      line->mutable_quantity()->set_milli(1000);
      line->mutable_amount()->set_minor_units(price);
      line->mutable_amount()->set_currency("EUR");
      running_ += price;
      line->mutable_running_total()->set_minor_units(running_);
    } else if (request.has_sign_in()) {
      if (request.sign_in().pin() != "1234")
        return absl::UnauthenticatedError("wrong PIN");
      response.mutable_signed_in()->set_cashier_session_id("session-1");
      response.mutable_signed_in()->set_cashier_id(request.sign_in().cashier_id());
      response.mutable_signed_in()->set_name("Cara");
    } else if (request.has_sign_out()) {
      response.mutable_signed_out();
    } else if (request.has_approve()) {
      if (request.approve().pin() != "9999")
        return absl::UnauthenticatedError("wrong PIN");
      response.mutable_approved()->set_approval_id("approval-for-" +
                                                   request.approve().bill_id());
      response.mutable_approved()->set_supervisor_id(request.approve().supervisor_id());
    } else if (request.has_void_bill()) {
      if (request.void_bill().pin() != "9999")
        return absl::UnauthenticatedError("wrong PIN");
      std::lock_guard<std::mutex> lock(office_->mu);
      office_->voided.push_back(request.void_bill().bill_id() + " " +
                                request.void_bill().reason());
      response.mutable_bill()->set_bill_id(request.void_bill().bill_id());
      response.mutable_bill()->set_status(pos::v1::DELETED);
    } else if (request.has_cancel_bill()) {
      lines_ = 0;
      running_ = 0;
      response.mutable_cancelled();
    } else if (request.has_quote_bill()) {
      response.mutable_quote()->mutable_total()->set_minor_units(-250);
    } else if (request.has_submit_bill()) {
      const auto& bill = request.submit_bill();
      std::lock_guard<std::mutex> lock(office_->mu);
      if (!office_->answers_submits) return absl::UnavailableError("no answer");
      if (bill.bill_number().rfind("REFUSE", 0) == 0) {
        return absl::AlreadyExistsError("bill number used already");
      }
      auto* receipt = response.mutable_bill();
      receipt->set_bill_id(bill.bill_id());
      receipt->set_bill_number(bill.bill_number());
      receipt->set_replayed(office_->bills.count(bill.bill_id()) > 0);
      if (!receipt->replayed()) {
        office_->bills[bill.bill_id()] = bill;
        office_->arrival.push_back(bill.bill_number());
      }
      lines_ = 0;
      running_ = 0;
    }
    return response;
  }

 private:
  FakeBackOffice* const office_;
  pos::v1::HelloAck hello_;
  int lines_ = 0;
  int64_t running_ = 0;
};

class ConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }
  void TearDown() override { Stop(); }

  // A till process: state, sender and console over the same directory.
  void Start() {
    state_ = std::make_unique<TillState>(dir_.string(), "t1", &disk_);
    ASSERT_TRUE(state_->Init().ok());
    OutboxSenderOptions pauses;
    pauses.first_pause = std::chrono::milliseconds(5);
    pauses.max_pause = std::chrono::milliseconds(20);
    sender_ = std::make_unique<OutboxSender>(
        std::make_unique<FakeLink>(&office_), state_.get(),
        [this](const pos::v1::SubmitBill& b,
               const absl::StatusOr<pos::v1::BillReceipt>& o) { console_->OnSent(b, o); },
        pauses);
    catalog_ = std::make_unique<LocalCatalog>(dir_.string(), &disk_);
    ASSERT_TRUE(catalog_->Load().ok());
    console_ = std::make_unique<Console>(
        &link_, state_.get(), sender_.get(),
        [this](const std::string& text) {
          std::lock_guard<std::mutex> lock(out_mu_);
          out_ += text;
        },
        catalog_.get());
  }
  // End of input, as pos-terminal ends: returns its exit code.
  int Stop() {
    if (!console_) return -1;
    console_->EndOfInput();
    const size_t unsent = sender_->Finish();
    const int code = ExitCodeFor(console_->refused(), unsent);
    sender_.reset();
    console_.reset();
    catalog_.reset();
    state_.reset();
    return code;
  }

  void Type(std::initializer_list<const char*> lines) {
    for (const char* line : lines) console_->Execute(line);
  }
  // Output since the last call.
  std::string Output() {
    std::lock_guard<std::mutex> lock(out_mu_);
    std::string text = out_.substr(seen_);
    seen_ = out_.size();
    return text;
  }
  size_t OutboxFiles() const {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir_ / "outbox"))
      n += e.is_regular_file();
    return n;
  }
  pos::v1::SubmitBill OnlyBill() {
    std::lock_guard<std::mutex> lock(office_.mu);
    EXPECT_EQ(office_.bills.size(), 1u);
    return office_.bills.empty() ? pos::v1::SubmitBill() : office_.bills.begin()->second;
  }
  bool WaitUntilDrained() {
    for (int i = 0; i < 500 && sender_->pending() > 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return sender_->pending() == 0;
  }

  ScratchDir scratch_{"console"};
  const fs::path& dir_ = scratch_.path();
  FaultyFileSystem disk_;
  FakeBackOffice office_;
  FakeLink link_{&office_};
  std::unique_ptr<TillState> state_;
  std::unique_ptr<OutboxSender> sender_;
  std::unique_ptr<LocalCatalog> catalog_;
  std::unique_ptr<Console> console_;
  std::mutex out_mu_;
  std::string out_;
  size_t seen_ = 0;
};

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

// The till's copy, version 7: 1001 at 2.50, 1002 at 1.00 (as the fake prices).
void HoldCopy(LocalCatalog& catalog) {
  pos::v1::CatalogDelta v7;
  v7.set_catalog_id("main");
  v7.set_to_version(7);
  v7.set_currency("EUR");
  for (const auto& [barcode, price] :
       {std::pair<const char*, int64_t>{"1001", 250}, {"1002", 100}}) {
    auto* e = v7.add_items();
    e->set_sku(std::string("SKU") + barcode);
    e->set_name(std::string("Item ") + barcode);
    e->mutable_unit_price()->set_minor_units(price);
    e->mutable_unit_price()->set_currency("EUR");
    e->set_unit(pos::v1::EACH);
    e->add_barcodes(barcode);
  }
  ASSERT_TRUE(catalog.Apply({v7}).ok());
}

TEST_F(ConsoleTest, WithoutTheBackOfficeTheTillSellsFromItsCopyAndSendsTheBillsLater) {
  HoldCopy(*catalog_);
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.reachable = false;
  }
  Type({"1001", "1002", "qty 2", "1002", "void 2", "total"});
  std::string out = Output();
  EXPECT_NE(out.find("OFFLINE: the back office cannot be reached"), std::string::npos)
      << out;
  EXPECT_NE(out.find("catalog main version 7"), std::string::npos) << out;
  EXPECT_NE(out.find("TOTAL 4.50 EUR"), std::string::npos) << out;
  EXPECT_TRUE(console_->offline());

  // What needs the back office is refused with the reason.
  Type({"customer +4915112345678", "coupon ABC", "return x full"});
  out = Output();
  EXPECT_NE(out.find("! customer needs the back office"), std::string::npos) << out;
  EXPECT_NE(out.find("! coupon needs the back office"), std::string::npos) << out;
  EXPECT_NE(out.find("! return needs the back office"), std::string::npos) << out;

  Type({"pay cash 5.00", "1002", "pay card"});
  out = Output();
  EXPECT_NE(out.find("rung OFFLINE from catalog version 7, total 4.50 EUR"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Rung offline"), std::string::npos) << out;  // on the receipt
  EXPECT_EQ(OutboxFiles(), 2u);
  EXPECT_EQ(office_.Count(), 0u);

  // The link returns: the next sale is online again, the bills go in order.
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.reachable = true;
  }
  console_->OnServerReachable();
  Type({"1001"});
  out = Output();
  EXPECT_NE(out.find("back office reachable again"), std::string::npos) << out;
  EXPECT_EQ(out.find("(offline)"), std::string::npos) << out;  // priced by the server
  EXPECT_FALSE(console_->offline());
  ASSERT_TRUE(WaitUntilDrained());
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    ASSERT_EQ(office_.arrival, (std::vector<std::string>{"t1-000001", "t1-000002"}));
    for (const auto& [id, b] : office_.bills) {
      EXPECT_EQ(b.offline().catalog_id(), "main");
      EXPECT_EQ(b.offline().catalog_version(), 7);
      if (b.bill_number() == "t1-000001") {
        EXPECT_EQ(b.lines_size(), 2);  // line 2 was voided
        EXPECT_EQ(b.lines(1).quantity_milli(), 2000);
        EXPECT_EQ(b.client_total().minor_units(), 450);
      }
    }
  }
  Type({"pay cash"});
  EXPECT_EQ(Stop(), kExitAllRecorded);
}

TEST_F(ConsoleTest, ASaleBegunOfflineStaysOfflineToItsEnd) {
  HoldCopy(*catalog_);
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.reachable = false;
  }
  Type({"1001"});
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.reachable = true;
  }
  console_->OnServerReachable();
  Type({"1002", "pay cash"});
  const std::string out = Output();
  EXPECT_NE(out.find("rung OFFLINE"), std::string::npos) << out;
  EXPECT_EQ(out.find("reachable again"), std::string::npos) << out;
  ASSERT_TRUE(WaitUntilDrained());
  EXPECT_EQ(OnlyBill().offline().catalog_version(), 7);
  EXPECT_EQ(Stop(), kExitAllRecorded);
}

TEST_F(ConsoleTest, WithoutACopyAnUnreachableBackOfficeSellsNothing) {
  {
    std::lock_guard<std::mutex> lock(office_.mu);
    office_.reachable = false;
  }
  Type({"1001"});
  const std::string out = Output();
  EXPECT_NE(out.find("! scan 1001: no route to the back office"), std::string::npos)
      << out;
  EXPECT_FALSE(console_->offline());
  EXPECT_FALSE(console_->bill_open());
}

}  // namespace
}  // namespace tillstream
