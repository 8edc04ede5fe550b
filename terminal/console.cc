#include "terminal/console.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "client/receipt.h"
#include "common/ids.h"
#include "common/money.h"
#include "common/quantity.h"

namespace tillstream {
namespace {

constexpr char kHelp[] =
    "  <barcode>            scan an item\n"
    "  qty N                quantity for the next scan (1.25 for weighed items)\n"
    "  void N               remove line N\n"
    "  customer ID          look up the customer for this bill: a mobile, an\n"
    "                       email, card:NUMBER or ext:EXTERNAL_ID\n"
    "  enrol ID [NAME...]   enrol (or update) a customer and use it for this bill\n"
    "  points N             pay N loyalty points (checked first)\n"
    "  coupon CODE          pay with a coupon, up to what is due\n"
    "  tag BILL_ID|last ID  attach customer ID to an earlier anonymous bill\n"
    "                       (last: the last bill this till recorded)\n"
    "  total                show the running total\n"
    "  pay cash|card|voucher|other [AMOUNT]  take a tender (default: what is due)\n"
    "  cancel               abandon the open bill\n"
    "  billno NUMBER        use a hand-written bill number for this bill\n"
    "  discount N AMOUNT    item discount on line N\n"
    "  salediscount AMOUNT  discount on the whole bill\n"
    "  return ORIGINAL full | line N QTY [line N QTY...] | amount AMOUNT\n"
    "                       start a return; ORIGINAL is a bill id or\n"
    "                       STORE:NUMBER:DATE (DATE may be 'today')\n"
    "  refund cash|card|voucher|other  pay the started return back\n"
    "  signin CASHIER PIN   sign a cashier in (their bills carry their session)\n"
    "  signout              sign the cashier out\n"
    "  supervisor ID PIN [REASON]  a supervisor approves the open sale or return\n"
    "                       (returns, large discounts, totals the rules refuse)\n"
    "  voidbill BILL_ID|last SUPERVISOR PIN REASON...  a supervisor voids one of\n"
    "                       this till's bills of today (a sale rung in error)\n"
    "  help, quit\n"
    "A payment the till cannot keep on its disk is refused and the sale held:\n"
    "then only pay / points / coupon / refund, total and cancel are taken.\n";

// What a held sale still accepts: the payment steps, and the ways out.
bool AllowedWhileHeld(const std::string& cmd) {
  return cmd == "pay" || cmd == "points" || cmd == "coupon" || cmd == "refund" ||
         cmd == "total" || cmd == "cancel" || cmd == "help" || cmd == "supervisor";
}

}  // namespace

ExitCode ExitCodeFor(int refused, size_t unsent) {
  if (refused > 0 && unsent > 0) return kExitRefusedAndUnsent;
  if (refused > 0) return kExitRefused;
  if (unsent > 0) return kExitUnsent;
  return kExitAllRecorded;
}

Console::Console(TillLink* link, TillState* state, OutboxSender* sender, Output out,
                 LocalCatalog* catalog, CatalogFollower* follower)
    : link_(link),
      state_(state),
      sender_(sender),
      out_(std::move(out)),
      catalog_(catalog),
      follower_(follower) {}

const std::string& Console::currency() const {
  if (!link_->hello().currency().empty() || catalog_ == nullptr) {
    return link_->hello().currency();
  }
  static const std::string kNone;
  const auto copy = sale_copy_ ? sale_copy_ : catalog_->current();
  return copy ? copy->header.currency() : kNone;
}

void Console::Say(const std::string& text) {
  std::lock_guard<std::mutex> lock(say_mu_);
  out_(text.empty() || text.back() != '\n' ? text + "\n" : text);
}

int Console::refused() const { return refused_; }

absl::StatusOr<pos::v1::TillResponse> Console::Ask(const pos::v1::TillRequest& request) {
  auto r = link_->CallWithRetry(request);
  if (r.ok() || !IsTransient(r.status())) sender_->Nudge();
  return r;
}

void Console::Execute(const std::string& raw) {
  const std::string line(absl::StripAsciiWhitespace(raw));
  if (line.empty() || line[0] == '#') return;
  std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
  const std::string cmd = absl::AsciiStrToLower(words[0]);
  if (offline_ && !bill_open()) MaybeBackOnline();
  if ((offline_ || sale_offline()) && RefusedOffline(cmd)) return;
  if (held() && !AllowedWhileHeld(cmd)) {
    return Say(absl::StrCat(
        "! the open sale is held: its payment was refused (", held_reason_,
        "). Nothing is added to it: pay again once the disk is fixed, or cancel it"));
  }
  if (cmd == "qty" && words.size() == 2) {
    auto q = ParseQuantity(words[1]);
    if (!q.ok()) return Say(absl::StrCat("! ", q.status().message()));
    register_.set_next_quantity_milli(*q);
  } else if (cmd == "void" && words.size() == 2) {
    Void(words[1]);
  } else if (cmd == "customer" && words.size() == 2) {
    LookUp(words[1]);
  } else if (cmd == "enrol" && words.size() >= 2) {
    Enrol(words);
  } else if (cmd == "points" && words.size() == 2) {
    PayPoints(words[1]);
  } else if (cmd == "coupon" && words.size() == 2) {
    PayCoupon(words[1]);
  } else if (cmd == "tag" && words.size() == 3) {
    Tag(words[1], words[2]);
  } else if (cmd == "total") {
    Total();
  } else if (cmd == "pay" && (words.size() == 2 || words.size() == 3)) {
    Pay(words);
  } else if (cmd == "cancel") {
    Cancel();
  } else if (cmd == "discount" && words.size() == 3) {
    Discount(words);
  } else if (cmd == "salediscount" && words.size() == 2) {
    SaleDiscount(words[1]);
  } else if (cmd == "return" && words.size() >= 3) {
    StartReturn(words);
  } else if (cmd == "refund" && words.size() == 2) {
    Refund(words[1]);
  } else if (cmd == "billno" && words.size() == 2) {
    manual_number_ = words[1];
    Say(absl::StrCat("bill number for this bill: ", manual_number_));
  } else if (cmd == "signin" && words.size() == 3) {
    SignIn(words[1], words[2]);
  } else if (cmd == "signout") {
    SignOut();
  } else if (cmd == "supervisor" && words.size() >= 3) {
    Approve(words);
  } else if (cmd == "voidbill" && words.size() >= 5) {
    VoidBill(words);
  } else if (cmd == "help") {
    Say(kHelp);
  } else if (words.size() == 1) {
    Scan(words[0]);
  } else {
    Say(absl::StrCat("! not understood: '", line, "' (type help)"));
  }
}

void Console::Scan(const std::string& barcode) {
  pos::v1::TillRequest request;
  request.mutable_scan()->set_barcode(barcode);
  request.mutable_scan()->set_quantity_milli(register_.next_quantity_milli());
  register_.set_next_quantity_milli(1000);
  if (offline_ || sale_offline()) {  // a sale begun offline stays offline
    return ScanLocally(barcode, request.scan().quantity_milli());
  }
  auto r = Ask(request);
  if (!r.ok() && IsTransient(r.status()) && GoOffline(r.status())) {
    return ScanLocally(barcode, request.scan().quantity_milli());
  }
  if (!r.ok()) return Say(absl::StrCat("! scan ", barcode, ": ", r.status().message()));
  register_.AddLine(r->scanned());
  Say(absl::StrCat(FormatLine(r->scanned()), "   total ",
                   FormatMoney(r->scanned().running_total().minor_units(), currency())));
}

void Console::Void(const std::string& arg) {
  int32_t line_no = 0;
  if (!absl::SimpleAtoi(arg, &line_no)) return Say("! void needs a line number");
  if (sale_offline()) {
    if (!register_.VoidLine(line_no))
      return Say(absl::StrCat("! no open line ", line_no));
    return Say(absl::StrCat("line ", line_no, " voided   total ",
                            FormatMoney(register_.Total(), currency()), "  (offline)"));
  }
  pos::v1::TillRequest request;
  request.mutable_void_line()->set_line_no(line_no);
  auto r = link_->Call(request);
  if (!r.ok()) return Say(absl::StrCat("! ", r.status().message()));
  register_.VoidLine(line_no);
  Say(absl::StrCat("line ", line_no, " voided   total ",
                   FormatMoney(r->voided().running_total().minor_units(), currency())));
}

void Console::Total() {
  if (register_.has_discounts() && !register_.quoted() && !Quote()) return;
  Say(absl::StrCat("TOTAL ", FormatMoney(register_.Total(), currency()), " ", currency(),
                   "  (", register_.lines().size(), " lines)",
                   held() ? "  HELD: payment refused, pay again or cancel" : ""));
}

void Console::Discount(const std::vector<std::string>& words) {
  int32_t line_no = 0;
  auto amount = ParseMoney(words[2], currency());
  if (!absl::SimpleAtoi(words[1], &line_no)) return Say("! discount needs a line number");
  if (!amount.ok() || *amount < 0) return Say("! discount needs an amount like 1.50");
  if (!register_.SetItemDiscount(line_no, *amount)) {
    return Say(absl::StrCat("! no open line ", line_no));
  }
  Say(absl::StrCat("discount ", words[2], " on line ", line_no));
}

void Console::SaleDiscount(const std::string& arg) {
  auto amount = ParseMoney(arg, currency());
  if (!amount.ok() || *amount < 0) return Say("! salediscount needs an amount like 5.00");
  register_.SetSaleDiscount(*amount);
  Say(absl::StrCat("discount ", arg, " on the bill"));
}

void Console::Cancel() {
  if (held()) {
    ++refused_;  // a sale the till could not complete
    // A refused save may have left the bill's file behind: it must never be
    // sent for a sale that was not paid.
    if (auto s = state_->RemoveFromOutbox(reserved_id_); !s.ok()) {
      Say(absl::StrCat("! ", s.message()));
    }
  }
  // Offline, or a sale begun offline: the server holds no open bill.
  if (!offline_ && !sale_offline()) {
    pos::v1::TillRequest request;
    request.mutable_cancel_bill();
    auto r = Ask(request);
    if (!r.ok()) Say(absl::StrCat("! ", r.status().message()));
  }
  ClearSale();
  Say("bill cancelled");
}

void Console::EndOfInput() {
  if (!bill_open()) return;
  Say(held() ? "sale held at end of input (its payment was refused): cancelling it"
             : "open bill at end of input: cancelling it");
  Cancel();
}

void Console::ClearSale() {
  register_.Clear();
  manual_number_.clear();
  reserved_id_.clear();
  reserved_number_.clear();
  held_reason_.clear();
  pending_return_.reset();
  pending_refund_ = 0;
  pending_points_value_ = 0;
  approval_id_.clear();
  sale_copy_.reset();
}

absl::Status Console::Rescan(TillLink& link) {
  for (auto& line : register_.mutable_lines()) {
    pos::v1::TillRequest request;
    request.mutable_scan()->set_barcode(line.barcode());
    request.mutable_scan()->set_quantity_milli(line.quantity().milli());
    auto r = link.Call(request);
    if (!r.ok()) return r.status();
    line = r->scanned();
  }
  return absl::OkStatus();
}

void Console::Pay(const std::vector<std::string>& words) {
  if (register_.empty()) return Say("! nothing to pay: scan items first");
  const auto type = TenderOf(words[1]);
  if (!type) return Say("! pay takes cash, card, voucher or other");
  pos::v1::TenderInput tender;
  tender.set_type(*type);
  // Discounts are apportioned and taxed by the server: ask it for the total.
  if (register_.has_discounts() && !register_.quoted() && !Quote()) return;
  const int64_t due = register_.Total() - register_.Tendered();
  int64_t amount = due;
  if (words.size() == 3) {
    auto parsed = ParseMoney(words[2], currency());
    if (!parsed.ok()) return Say(absl::StrCat("! ", parsed.status().message()));
    amount = *parsed;
  }
  if (amount <= 0) return Say("! the amount must be positive");
  tender.mutable_amount()->set_minor_units(amount);
  tender.mutable_amount()->set_currency(currency());
  if (amount < due) {
    register_.AddTender(tender);
    return Say(absl::StrCat("due ", FormatMoney(due - amount, currency())));
  }
  // This step completes the sale: it is taken only once the bill is on disk.
  if (auto s = Reserve(); !s.ok()) return Hold(s);
  register_.AddTender(tender);
  pos::v1::SubmitBill bill =
      register_.BuildBill(reserved_id_, reserved_number_, absl::Now(), currency());
  if (sale_offline()) {
    bill.mutable_offline()->set_catalog_id(sale_copy_->catalog_id());
    bill.mutable_offline()->set_catalog_version(sale_copy_->version());
  }
  if (!Complete(bill)) register_.RemoveLastTender();
}

absl::Status Console::Reserve() {
  if (reserved_id_.empty()) reserved_id_ = NewUuid();
  if (!manual_number_.empty()) {
    reserved_number_ = manual_number_;
  } else if (reserved_number_.empty()) {
    auto number = state_->NextBillNumber();
    if (!number.ok()) return number.status();
    reserved_number_ = *number;
  }
  return absl::OkStatus();
}

bool Console::Complete(pos::v1::SubmitBill bill) {
  StampStaff(&bill);
  if (auto s = state_->SaveToOutbox(bill); !s.ok()) {
    // Whatever the failed save left must not be sent later.
    state_->RemoveFromOutbox(bill.bill_id()).IgnoreError();
    Hold(s);
    return false;
  }
  if (bill.has_offline()) {
    const pos::v1::BillReceipt receipt = OfflineReceipt(bill);
    ClearSale();
    DeliverOffline(bill, receipt);
    return true;
  }
  ClearSale();
  Deliver(bill);
  return true;
}

std::optional<pos::v1::TenderType> Console::TenderOf(const std::string& kind) {
  const std::string k = absl::AsciiStrToLower(kind);
  if (k == "cash") return pos::v1::CASH;
  if (k == "card") return pos::v1::CARD;
  if (k == "voucher") return pos::v1::VOUCHER;
  if (k == "other") return pos::v1::OTHER;
  return std::nullopt;
}

void Console::Hold(const absl::Status& why) {
  held_reason_ = std::string(why.message());
  const int64_t due = pending_return_ ? -pending_refund_ - pending_points_value_
                                      : register_.Total() - register_.Tendered();
  Say(
      absl::StrCat("! PAYMENT REFUSED, do not take or pay out the money: the till cannot "
                   "keep the bill safe: ",
                   held_reason_));
  Say(absl::StrCat(
      "! the sale is held as it was (",
      pending_return_ ? "a return" : absl::StrCat(register_.lines().size(), " lines"),
      ", due ", FormatMoney(due, currency()),
      "): pay again once the disk is fixed, or cancel"));
}

void Console::Deliver(const pos::v1::SubmitBill& bill) {
  if (const size_t waiting = sender_->pending(); waiting > 0) {
    // Earlier bills are still waiting: this one goes behind them, in order.
    sender_->Hand(bill, link_->connected());
    return Say(absl::StrCat("bill ", bill.bill_number(), " kept on this till behind ",
                            waiting,
                            " unsent; they are sent in order as soon as the back "
                            "office answers"));
  }
  pos::v1::TillRequest request;
  *request.mutable_submit_bill() = bill;
  auto r = link_->CallWithRetry(request);
  if (r.ok()) {
    state_->RemoveFromOutbox(bill.bill_id()).IgnoreError();
    return AnnounceRecorded(r->bill(), /*print_receipt=*/true);
  }
  if (IsTransient(r.status())) {
    sender_->Hand(bill, /*try_now=*/false);
    return Say(absl::StrCat("! bill ", bill.bill_number(),
                            " not yet acknowledged: it is kept on this till and sent as "
                            "soon as the back office answers: ",
                            r.status().message()));
  }
  state_->MoveToRejected(bill.bill_id()).IgnoreError();
  AnnounceRefused(bill, r.status());
}

void Console::ResendOutbox() {
  std::vector<std::string> problems;
  auto pending = state_->LoadOutbox(&problems);
  for (const auto& p : problems) {
    Say(absl::StrCat("! ", p));
    ++refused_;
  }
  if (!pending.ok()) return Say(absl::StrCat("! ", pending.status().message()));
  for (const auto& bill : *pending) {
    Say(absl::StrCat("resending unacknowledged bill ", bill.bill_number()));
    sender_->Hand(bill, /*try_now=*/true);
  }
}

void Console::OnSent(const pos::v1::SubmitBill& bill,
                     const absl::StatusOr<pos::v1::BillReceipt>& outcome) {
  if (outcome.ok()) return AnnounceRecorded(*outcome, /*print_receipt=*/false);
  AnnounceRefused(bill, outcome.status());
}

void Console::AnnounceRecorded(const pos::v1::BillReceipt& receipt, bool print_receipt) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    last_bill_id_ = receipt.bill_id();
  }
  if (print_receipt) Say(FormatReceipt(receipt, link_->hello()));
  Say(absl::StrCat(
      "recorded bill ", receipt.bill_number(), " id ", receipt.bill_id(), " total ",
      FormatMoney(receipt.total().minor_units(), receipt.total().currency()), " ",
      receipt.total().currency(), " status ", pos::v1::BillStatus_Name(receipt.status()),
      receipt.replayed() ? " replayed" : "",
      print_receipt ? "" : " (sent from the outbox)"));
}

void Console::AnnounceRefused(const pos::v1::SubmitBill& bill,
                              const absl::Status& status) {
  ++refused_;
  Say(absl::StrCat("! bill ", bill.bill_number(), " refused (",
                   absl::StatusCodeToString(status.code()), "): ", status.message(),
                   " (kept in ", state_->dir(), "/rejected/)"));
}

// Asks the server to price the open bill; false (and says why) on failure.
bool Console::Quote() {
  pos::v1::TillRequest request;
  *request.mutable_quote_bill() =
      register_.BuildBill(NewUuid(), "", absl::Now(), currency());
  auto r = Ask(request);
  if (!r.ok()) {
    Say(absl::StrCat("! ", r.status().message()));
    return false;
  }
  register_.set_quoted_total(r->quote().total().minor_units());
  Say(absl::StrCat("total after discounts ",
                   FormatMoney(r->quote().total().minor_units(), currency()), " (saved ",
                   FormatMoney(r->quote().discount_total().minor_units(), currency()),
                   ")"));
  return true;
}

}  // namespace tillstream
