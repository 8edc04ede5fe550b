// pos-terminal: a thin till. Reads what a keyboard-wedge scanner types (a
// barcode, then Enter) and short cashier commands, one per line, from stdin
// or --input; the same input always gives the same session.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/env.h"
#include "common/ids.h"
#include "common/money.h"
#include "common/quantity.h"
#include "terminal/client_util.h"
#include "terminal/register.h"
#include "terminal/till_client.h"
#include "terminal/till_state.h"

using tillstream::EnvOr;

ABSL_FLAG(std::string, server, EnvOr("POS_SERVER", "127.0.0.1:50051"),
          "posd address (env POS_SERVER)");
ABSL_FLAG(std::string, org, EnvOr("POS_ORG", ""), "org id (env POS_ORG)");
ABSL_FLAG(std::string, store, EnvOr("POS_STORE", ""), "store id (env POS_STORE)");
ABSL_FLAG(std::string, till, EnvOr("POS_TILL", ""), "till id (env POS_TILL)");
ABSL_FLAG(std::string, state_dir, EnvOr("POS_STATE_DIR", ""),
          "directory for the bill counter and the outbox of unacknowledged bills");
ABSL_FLAG(std::string, input, "-", "file of scanner/cashier lines; - for stdin");
ABSL_FLAG(int, timeout_ms, 10000, "per-request deadline");
ABSL_FLAG(int, max_attempts, 8,
          "tries per request while the back office is unreachable (bills stay in the "
          "outbox after the last)");

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
    "  help, quit\n";

class Terminal {
 public:
  Terminal(TillClient* client, TillState* state) : client_(client), state_(state) {}

  const std::string& currency() const { return client_->hello().currency(); }

  // Re-sends bills a previous run submitted without an answer.
  int FlushOutbox() {
    auto pending = state_->LoadOutbox();
    if (!pending.ok()) {
      Say(absl::StrCat("! ", pending.status().message()));
      return 1;
    }
    for (const auto& bill : *pending) {
      Say(absl::StrCat("resending unacknowledged bill ", bill.bill_number()));
      Submit(bill);
    }
    return 0;
  }

  void Execute(const std::string& raw) {
    const std::string line(absl::StripAsciiWhitespace(raw));
    if (line.empty() || line[0] == '#') return;
    std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    const std::string cmd = absl::AsciiStrToLower(words[0]);
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
      if (register_.has_discounts() && !register_.quoted() && !Quote()) return;
      Say(absl::StrCat("TOTAL ", FormatMoney(register_.Total(), currency()), " ",
                       currency(), "  (", register_.lines().size(), " lines)"));
    } else if (cmd == "pay" && (words.size() == 2 || words.size() == 3)) {
      Pay(words);
    } else if (cmd == "cancel") {
      Cancel();
    } else if (cmd == "discount" && words.size() == 3) {
      int32_t line_no = 0;
      auto amount = ParseMoney(words[2], currency());
      if (!absl::SimpleAtoi(words[1], &line_no))
        return Say("! discount needs a line number");
      if (!amount.ok() || *amount < 0) return Say("! discount needs an amount like 1.50");
      if (!register_.SetItemDiscount(line_no, *amount)) {
        return Say(absl::StrCat("! no open line ", line_no));
      }
      Say(absl::StrCat("discount ", words[2], " on line ", line_no));
    } else if (cmd == "salediscount" && words.size() == 2) {
      auto amount = ParseMoney(words[1], currency());
      if (!amount.ok() || *amount < 0)
        return Say("! salediscount needs an amount like 5.00");
      register_.SetSaleDiscount(*amount);
      Say(absl::StrCat("discount ", words[1], " on the bill"));
    } else if (cmd == "return" && words.size() >= 3) {
      StartReturn(words);
    } else if (cmd == "refund" && words.size() == 2) {
      Refund(words[1]);
    } else if (cmd == "billno" && words.size() == 2) {
      manual_number_ = words[1];
      Say(absl::StrCat("bill number for this bill: ", manual_number_));
    } else if (cmd == "help") {
      Say(kHelp);
    } else if (words.size() == 1) {
      Scan(words[0]);
    } else {
      Say(absl::StrCat("! not understood: '", line, "' (type help)"));
    }
  }

  bool bill_open() const { return !register_.empty(); }

  void Cancel() {
    pos::v1::TillRequest request;
    request.mutable_cancel_bill();
    auto r = client_->CallWithRetry(request);
    if (!r.ok()) Say(absl::StrCat("! ", r.status().message()));
    register_.Clear();
    manual_number_.clear();
    pending_return_.reset();
    Say("bill cancelled");
  }

  // After a reconnect: the server has forgotten the open bill, so scan its
  // lines again and take the new line numbers.
  absl::Status Rescan(TillClient& client) {
    for (auto& line : register_.mutable_lines()) {
      pos::v1::TillRequest request;
      request.mutable_scan()->set_barcode(line.barcode());
      request.mutable_scan()->set_quantity_milli(line.quantity().milli());
      auto r = client.Call(request);
      if (!r.ok()) return r.status();
      line = r->scanned();
    }
    return absl::OkStatus();
  }

  int unsent() const { return unsent_; }

  void Say(const std::string& text) {
    std::lock_guard<std::mutex> lock(out_mu_);
    std::cout << text << (text.empty() || text.back() != '\n' ? "\n" : "") << std::flush;
  }

 private:
  void Scan(const std::string& barcode) {
    pos::v1::TillRequest request;
    request.mutable_scan()->set_barcode(barcode);
    request.mutable_scan()->set_quantity_milli(register_.next_quantity_milli());
    register_.set_next_quantity_milli(1000);
    auto r = client_->CallWithRetry(request);
    if (!r.ok()) return Say(absl::StrCat("! scan ", barcode, ": ", r.status().message()));
    register_.AddLine(r->scanned());
    Say(absl::StrCat(
        FormatLine(r->scanned()), "   total ",
        FormatMoney(r->scanned().running_total().minor_units(), currency())));
  }

  void Void(const std::string& arg) {
    int32_t line_no = 0;
    if (!absl::SimpleAtoi(arg, &line_no)) return Say("! void needs a line number");
    pos::v1::TillRequest request;
    request.mutable_void_line()->set_line_no(line_no);
    auto r = client_->Call(request);
    if (!r.ok()) return Say(absl::StrCat("! ", r.status().message()));
    register_.VoidLine(line_no);
    Say(absl::StrCat("line ", line_no, " voided   total ",
                     FormatMoney(r->voided().running_total().minor_units(), currency())));
  }

  // "card:123", "ext:A-9", an email or a mobile, into a look-up.
  static pos::v1::CustomerLookup LookupOf(const std::string& id) {
    pos::v1::CustomerLookup q;
    if (absl::StartsWith(id, "card:")) {
      q.set_card_number(id.substr(5));
    } else if (absl::StartsWith(id, "ext:")) {
      q.set_external_id(id.substr(4));
    } else if (id.find('@') != std::string::npos) {
      q.set_email(id);
    } else {
      q.set_mobile(id);
    }
    return q;
  }

  void UseCustomer(const pos::v1::CustomerProfile& p, const std::string& id) {
    register_.set_customer_id(p.customer().customer_id());
    Say(absl::StrCat("customer ", p.customer().name().empty() ? "-" : p.customer().name(),
                     " (", id, ")  points ", p.points().available(), "  coupons ",
                     p.coupons_size()));
    for (const auto& c : p.coupons()) {
      Say(absl::StrCat("  coupon ", c.code(), " ", c.series_name(), " ",
                       FormatMoney(c.value().minor_units(), currency()), " until ",
                       c.valid_until()));
    }
  }

  void LookUp(const std::string& id) {
    pos::v1::TillRequest request;
    *request.mutable_customer_lookup() = LookupOf(id);
    auto r = client_->CallWithRetry(request);
    if (!r.ok()) {
      if (r.status().code() == absl::StatusCode::kNotFound) {
        return Say(
            absl::StrCat("! customer ", id, " is not enrolled: enrol ", id, " NAME"));
      }
      return Say(absl::StrCat("! customer ", id, ": ", r.status().message()));
    }
    UseCustomer(r->customer(), id);
  }

  void Enrol(const std::vector<std::string>& words) {
    const pos::v1::CustomerLookup key = LookupOf(words[1]);
    pos::v1::TillRequest request;
    auto* e = request.mutable_enrol_customer();
    e->set_mobile(key.mobile());
    e->set_email(key.email());
    e->set_card_number(key.card_number());
    e->set_external_id(key.external_id());
    e->set_name(absl::StrJoin(words.begin() + 2, words.end(), " "));
    // A fixed id makes a retried enrolment find its first attempt.
    e->set_customer_id(NewUuid());
    auto r = client_->CallWithRetry(request);
    if (!r.ok())
      return Say(absl::StrCat("! enrol ", words[1], ": ", r.status().message()));
    Say(r->customer().existed() ? "customer existed: updated" : "customer enrolled");
    UseCustomer(r->customer(), words[1]);
  }

  void PayPoints(const std::string& arg) {
    if (register_.empty()) return Say("! nothing to pay: scan items first");
    if (register_.customer_id().empty()) return Say("! points need a customer first");
    int64_t points = 0;
    if (!absl::SimpleAtoi(arg, &points) || points <= 0) {
      return Say("! points needs a positive number");
    }
    if (register_.has_discounts() && !register_.quoted() && !Quote()) return;
    pos::v1::TillRequest request;
    request.mutable_check_points()->set_customer_id(register_.customer_id());
    request.mutable_check_points()->set_points(points);
    auto r = client_->CallWithRetry(request);
    if (!r.ok()) return Say(absl::StrCat("! points: ", r.status().message()));
    const auto& check = r->points_check();
    if (!check.redeemable()) return Say(absl::StrCat("! points: ", check.reason()));
    pos::v1::TenderInput tender;
    tender.set_type(pos::v1::POINTS);
    *tender.mutable_amount() = check.value();
    tender.set_reference(check.validation_code());
    register_.AddTender(tender);
    Say(absl::StrCat(
        points, " points pay ", FormatMoney(check.value().minor_units(), currency()),
        check.validation_code().empty()
            ? ""
            : absl::StrCat(" (code ", check.validation_code(), ")"),
        "; due ", FormatMoney(register_.Total() - register_.Tendered(), currency())));
  }

  void PayCoupon(const std::string& code) {
    if (register_.empty()) return Say("! nothing to pay: scan items first");
    if (register_.has_discounts() && !register_.quoted() && !Quote()) return;
    const int64_t due = register_.Total() - register_.Tendered();
    pos::v1::TillRequest request;
    request.mutable_check_coupon()->set_code(code);
    request.mutable_check_coupon()->set_customer_id(register_.customer_id());
    auto r = client_->CallWithRetry(request);
    if (!r.ok()) return Say(absl::StrCat("! coupon ", code, ": ", r.status().message()));
    const auto& check = r->coupon_check();
    if (!check.redeemable()) return Say(absl::StrCat("! coupon: ", check.reason()));
    pos::v1::TenderInput tender;
    tender.set_type(pos::v1::COUPON);
    tender.mutable_amount()->set_minor_units(
        std::min(due, check.coupon().value().minor_units()));
    tender.mutable_amount()->set_currency(currency());
    tender.set_reference(code);
    register_.AddTender(tender);
    Say(absl::StrCat("coupon ", code, " pays ",
                     FormatMoney(tender.amount().minor_units(), currency()), "; due ",
                     FormatMoney(register_.Total() - register_.Tendered(), currency())));
  }

  void Tag(const std::string& which, const std::string& id) {
    const std::string bill_id = which == "last" ? last_bill_id_ : which;
    if (bill_id.empty()) return Say("! no bill recorded yet to tag");
    pos::v1::TillRequest lookup;
    *lookup.mutable_customer_lookup() = LookupOf(id);
    auto found = client_->CallWithRetry(lookup);
    if (!found.ok())
      return Say(absl::StrCat("! customer ", id, ": ", found.status().message()));
    pos::v1::TillRequest request;
    request.mutable_tag_bill()->set_bill_id(bill_id);
    request.mutable_tag_bill()->set_customer_id(
        found->customer().customer().customer_id());
    auto r = client_->CallWithRetry(request);
    if (!r.ok()) return Say(absl::StrCat("! tag ", bill_id, ": ", r.status().message()));
    Say(absl::StrCat("tagged bill ", r->bill().bill_number(), " to ", id, ": earned ",
                     r->bill().loyalty().points_earned(), " points, status ",
                     pos::v1::BillStatus_Name(r->bill().status())));
  }

  void Pay(const std::vector<std::string>& words) {
    if (register_.empty()) return Say("! nothing to pay: scan items first");
    const std::string kind = absl::AsciiStrToLower(words[1]);
    pos::v1::TenderInput tender;
    if (kind == "cash") {
      tender.set_type(pos::v1::CASH);
    } else if (kind == "card") {
      tender.set_type(pos::v1::CARD);
    } else if (kind == "voucher") {
      tender.set_type(pos::v1::VOUCHER);
    } else if (kind == "other") {
      tender.set_type(pos::v1::OTHER);
    } else {
      return Say("! pay takes cash, card, voucher or other");
    }
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
    register_.AddTender(tender);
    if (register_.Tendered() < register_.Total()) {
      Say(absl::StrCat(
          "due ", FormatMoney(register_.Total() - register_.Tendered(), currency())));
      return;
    }
    absl::StatusOr<std::string> number = manual_number_;
    if (manual_number_.empty()) number = state_->NextBillNumber();
    if (!number.ok()) return Say(absl::StrCat("! ", number.status().message()));
    const pos::v1::SubmitBill bill =
        register_.BuildBill(NewUuid(), *number, absl::Now(), currency());
    register_.Clear();
    manual_number_.clear();
    if (auto s = state_->SaveToOutbox(bill); !s.ok()) {
      Say(absl::StrCat("! cannot keep the bill safe on disk: ", s.message()));
    }
    Submit(bill);
  }

  // "return ORIGINAL full|line N QTY...|amount X": asks the server what the
  // return refunds and keeps it until "refund".
  void StartReturn(const std::vector<std::string>& words) {
    if (!register_.empty()) return Say("! finish or cancel the open bill first");
    pos::v1::ReturnOf of;
    const std::vector<std::string> ref = absl::StrSplit(words[1], ':');
    if (ref.size() == 3) {
      absl::TimeZone tz;
      absl::LoadTimeZone(client_->hello().time_zone(), &tz);
      of.mutable_by_number()->set_store_id(ref[0]);
      of.mutable_by_number()->set_bill_number(ref[1]);
      of.mutable_by_number()->set_business_date(
          ref[2] == "today" ? absl::FormatTime("%Y-%m-%d", absl::Now(), tz) : ref[2]);
    } else {
      of.set_bill_id(words[1]);
    }
    const std::string type = absl::AsciiStrToLower(words[2]);
    if (type == "full" && words.size() == 3) {
      of.set_type(pos::v1::FULL);
    } else if (type == "amount" && words.size() == 4) {
      auto amount = ParseMoney(words[3], currency());
      if (!amount.ok()) return Say(absl::StrCat("! ", amount.status().message()));
      of.set_type(pos::v1::AMOUNT);
      of.mutable_amount()->set_minor_units(*amount);
      of.mutable_amount()->set_currency(currency());
    } else if (type == "line" && words.size() >= 5 && (words.size() - 3) % 3 == 2) {
      of.set_type(pos::v1::LINE_ITEM);
      for (size_t i = 3; i + 1 < words.size(); i += 3) {
        int32_t line_no = 0;
        auto qty = ParseQuantity(words[i + 1]);
        if (!absl::SimpleAtoi(words[i], &line_no) || !qty.ok()) {
          return Say("! return ... line N QTY [line N QTY ...]");
        }
        auto* line = of.add_lines();
        line->set_original_line_no(line_no);
        line->set_quantity_milli(*qty);
        if (i + 3 < words.size() && absl::AsciiStrToLower(words[i + 2]) != "line") {
          return Say("! return ... line N QTY [line N QTY ...]");
        }
      }
    } else {
      return Say("! return ORIGINAL full | line N QTY [line N QTY ...] | amount AMOUNT");
    }
    pos::v1::TillRequest request;
    auto* bill = request.mutable_quote_bill();
    bill->set_bill_id(NewUuid());
    bill->mutable_billing_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
    bill->mutable_client_total()->set_currency(currency());
    *bill->mutable_return_of() = of;
    auto r = client_->CallWithRetry(request);
    if (!r.ok()) return Say(absl::StrCat("! ", r.status().message()));
    pending_return_ = of;
    pending_refund_ = r->quote().total().minor_units();
    pending_points_value_ = r->quote().loyalty().points_value().minor_units();
    for (const auto& l : r->quote().lines()) Say(FormatLine(l));
    Say(absl::StrCat("REFUND ", FormatMoney(-pending_refund_, currency()), " ",
                     currency(), ": pay it back with refund cash|card"));
  }

  void Refund(const std::string& how) {
    if (!pending_return_) return Say("! start a return first");
    const std::string kind = absl::AsciiStrToLower(how);
    pos::v1::TenderInput tender;
    tender.set_type(kind == "card"      ? pos::v1::CARD
                    : kind == "voucher" ? pos::v1::VOUCHER
                    : kind == "other"   ? pos::v1::OTHER
                                        : pos::v1::CASH);
    if (kind != "cash" && kind != "card" && kind != "voucher" && kind != "other") {
      return Say("! refund takes cash, card, voucher or other");
    }
    // Points the original was paid with go back as points.
    tender.mutable_amount()->set_minor_units(-pending_refund_ - pending_points_value_);
    tender.mutable_amount()->set_currency(currency());
    absl::StatusOr<std::string> number = manual_number_;
    if (manual_number_.empty()) number = state_->NextBillNumber();
    if (!number.ok()) return Say(absl::StrCat("! ", number.status().message()));
    pos::v1::SubmitBill bill;
    bill.set_bill_id(NewUuid());
    bill.set_bill_number(*number);
    bill.mutable_billing_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
    bill.mutable_client_total()->set_minor_units(pending_refund_);
    bill.mutable_client_total()->set_currency(currency());
    *bill.mutable_return_of() = *pending_return_;
    if (pending_points_value_ > 0) {
      auto* points = bill.add_tenders();
      points->set_type(pos::v1::POINTS);
      points->mutable_amount()->set_minor_units(pending_points_value_);
      points->mutable_amount()->set_currency(currency());
    }
    if (tender.amount().minor_units() > 0) *bill.add_tenders() = tender;
    pending_return_.reset();
    manual_number_.clear();
    if (auto s = state_->SaveToOutbox(bill); !s.ok()) {
      Say(absl::StrCat("! cannot keep the return safe on disk: ", s.message()));
    }
    Submit(bill);
  }

  // Asks the server to price the open bill; false (and says why) on failure.
  bool Quote() {
    pos::v1::TillRequest request;
    *request.mutable_quote_bill() =
        register_.BuildBill(NewUuid(), "", absl::Now(), currency());
    auto r = client_->CallWithRetry(request);
    if (!r.ok()) {
      Say(absl::StrCat("! ", r.status().message()));
      return false;
    }
    register_.set_quoted_total(r->quote().total().minor_units());
    Say(absl::StrCat(
        "total after discounts ",
        FormatMoney(r->quote().total().minor_units(), currency()), " (saved ",
        FormatMoney(r->quote().discount_total().minor_units(), currency()), ")"));
    return true;
  }

  void Submit(const pos::v1::SubmitBill& bill) {
    pos::v1::TillRequest request;
    *request.mutable_submit_bill() = bill;
    auto r = client_->CallWithRetry(request);
    if (r.ok()) {
      state_->RemoveFromOutbox(bill.bill_id()).IgnoreError();
      const auto& receipt = r->bill();
      last_bill_id_ = receipt.bill_id();
      Say(FormatReceipt(receipt, client_->hello()));
      Say(absl::StrCat("recorded bill ", receipt.bill_number(), " id ", receipt.bill_id(),
                       " total ", receipt.total().minor_units(), " ",
                       receipt.total().currency(), " status ",
                       pos::v1::BillStatus_Name(receipt.status()),
                       receipt.replayed() ? " replayed" : ""));
      return;
    }
    const absl::StatusCode code = r.status().code();
    if (code == absl::StatusCode::kUnavailable ||
        code == absl::StatusCode::kDeadlineExceeded ||
        code == absl::StatusCode::kAborted) {
      ++unsent_;
      Say(absl::StrCat("! bill ", bill.bill_number(),
                       " not yet acknowledged; it stays in the outbox and is resent "
                       "on the next start: ",
                       r.status().message()));
      return;
    }
    state_->MoveToRejected(bill.bill_id()).IgnoreError();
    Say(absl::StrCat("! bill ", bill.bill_number(), " refused (",
                     absl::StatusCodeToString(code), "): ", r.status().message()));
  }

  TillClient* const client_;
  TillState* const state_;
  Register register_;
  std::string manual_number_;  // from "billno", for the open bill only
  std::optional<pos::v1::ReturnOf> pending_return_;  // from "return", until "refund"
  int64_t pending_refund_ = 0;                       // negative
  int64_t pending_points_value_ = 0;                 // of the refund, paid back as points
  int unsent_ = 0;
  std::string last_bill_id_;  // for "tag last"
  std::mutex out_mu_;
};

int Run() {
  TillClientOptions options;
  options.server = absl::GetFlag(FLAGS_server);
  options.org_id = absl::GetFlag(FLAGS_org);
  options.store_id = absl::GetFlag(FLAGS_store);
  options.till_id = absl::GetFlag(FLAGS_till);
  options.timeout = std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  options.max_attempts = std::max(1, absl::GetFlag(FLAGS_max_attempts));
  if (options.org_id.empty() || options.store_id.empty() || options.till_id.empty()) {
    std::cerr << "pos-terminal: --org, --store and --till are required\n";
    return 2;
  }
  TillState state(absl::GetFlag(FLAGS_state_dir), options.till_id);
  if (auto s = state.Init(); !s.ok()) {
    std::cerr << "pos-terminal: " << s.message() << "\n";
    return 2;
  }
  Terminal* terminal_ptr = nullptr;
  TillClient client(options, [&terminal_ptr](const pos::v1::TillResponse& push) {
    if (push.has_price_change() && terminal_ptr != nullptr) {
      const auto& pc = push.price_change();
      terminal_ptr->Say(absl::StrCat("* price change: ", pc.name(), " now ",
                                     FormatMoneyWithCode(pc.unit_price())));
    }
  });
  Terminal terminal(&client, &state);
  terminal_ptr = &terminal;
  client.set_reconnect_handler([&terminal](TillClient& c) { return terminal.Rescan(c); });

  auto hello = client.Connect();
  if (!hello.ok()) {
    std::cerr << "pos-terminal: " << hello.status().message() << "\n";
    return 1;
  }
  terminal.Say(absl::StrCat(hello->org_name(), " / ", hello->store_name(), " / till ",
                            options.till_id, " ready (", hello->currency(), ")"));
  terminal.FlushOutbox();

  const std::string input = absl::GetFlag(FLAGS_input);
  std::ifstream file;
  if (input != "-") {
    file.open(input);
    if (!file) {
      std::cerr << "pos-terminal: cannot read " << input << "\n";
      return 2;
    }
  }
  std::istream& in = input == "-" ? std::cin : file;
  const bool interactive = input == "-" && isatty(STDIN_FILENO);
  std::string line;
  for (;;) {
    if (interactive) std::cout << "> " << std::flush;
    if (!std::getline(in, line)) break;
    if (absl::AsciiStrToLower(absl::StripAsciiWhitespace(line)) == "quit") break;
    terminal.Execute(line);
  }
  if (terminal.bill_open()) {
    terminal.Say("open bill at end of input: cancelling it");
    terminal.Cancel();
  }
  client.Close().IgnoreError();
  return terminal.unsent() > 0 ? 3 : 0;
}

}  // namespace
}  // namespace tillstream

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("tillstream till terminal; type 'help' at the prompt");
  absl::ParseCommandLine(argc, argv);
  return tillstream::Run();
}
