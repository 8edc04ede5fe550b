// The cashier's console against a fake back office (tests/terminal): the
// fake server's state, the link to it, and a fixture that starts a till
// process (state, outbox sender, local catalog, console) over one directory.
#ifndef TILLSTREAM_TESTS_TERMINAL_CONSOLE_FIXTURE_H_
#define TILLSTREAM_TESTS_TERMINAL_CONSOLE_FIXTURE_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "terminal/console.h"
#include "tests/support/faulty_file_system.h"
#include "tests/support/scratch_dir.h"

namespace tillstream {
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
    RetryPauses pauses;
    pauses.first = std::chrono::milliseconds(5);
    pauses.max = std::chrono::milliseconds(20);
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

}  // namespace tillstream

#endif  // TILLSTREAM_TESTS_TERMINAL_CONSOLE_FIXTURE_H_
