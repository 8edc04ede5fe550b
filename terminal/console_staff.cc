// The cashier's console: signing cashiers in and out, a supervisor's
// approval of the open sale or return, and a supervisor voiding a bill.
// The PINs go to the back office and nowhere else: not to the screen, not
// to the outbox.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "terminal/console.h"

namespace tillstream {

void Console::SignIn(const std::string& cashier_id, const std::string& pin) {
  if (bill_open()) return Say("! finish or cancel the open bill before a cashier change");
  pos::v1::TillRequest request;
  request.mutable_sign_in()->set_cashier_id(cashier_id);
  request.mutable_sign_in()->set_pin(pin);
  auto r = Ask(request);
  if (!r.ok()) return Say(absl::StrCat("! sign-in refused: ", r.status().message()));
  cashier_session_id_ = r->signed_in().cashier_session_id();
  Say(absl::StrCat("cashier ", r->signed_in().name(), " (", r->signed_in().cashier_id(),
                   ") signed in"));
}

void Console::SignOut() {
  if (cashier_session_id_.empty()) return Say("! no cashier is signed in");
  if (bill_open()) return Say("! finish or cancel the open bill before signing out");
  pos::v1::TillRequest request;
  request.mutable_sign_out()->set_cashier_session_id(cashier_session_id_);
  auto r = Ask(request);
  if (!r.ok()) return Say(absl::StrCat("! sign-out refused: ", r.status().message()));
  cashier_session_id_.clear();
  Say("cashier signed out");
}

void Console::Approve(const std::vector<std::string>& words) {
  if (!bill_open() && !pending_return_) {
    return Say("! nothing to approve: start the sale or return first");
  }
  if (auto s = Reserve(); !s.ok()) return Hold(s);
  pos::v1::TillRequest request;
  auto* a = request.mutable_approve();
  a->set_supervisor_id(words[1]);
  a->set_pin(words[2]);
  a->set_bill_id(reserved_id_);
  a->set_reason(words.size() > 3  ? absl::StrJoin(words.begin() + 3, words.end(), " ")
                : pending_return_ ? "return"
                                  : "discount");
  auto r = Ask(request);
  if (!r.ok()) return Say(absl::StrCat("! approval refused: ", r.status().message()));
  approval_id_ = r->approved().approval_id();
  Say(absl::StrCat("approved by supervisor ", r->approved().supervisor_id()));
}

std::string Console::EarlierBill(const std::string& which) {
  if (which != "last") return which;
  std::lock_guard<std::mutex> lock(mu_);
  return last_bill_id_;
}

void Console::VoidBill(const std::vector<std::string>& words) {
  if (bill_open()) return Say("! finish or cancel the open bill before voiding another");
  const std::string bill_id = EarlierBill(words[1]);
  if (bill_id.empty()) return Say("! no bill recorded yet to void");
  pos::v1::TillRequest request;
  auto* v = request.mutable_void_bill();
  v->set_bill_id(bill_id);
  v->set_supervisor_id(words[2]);
  v->set_pin(words[3]);
  v->set_reason(absl::StrJoin(words.begin() + 4, words.end(), " "));
  auto r = Ask(request);
  if (!r.ok()) return Say(absl::StrCat("! void refused: ", r.status().message()));
  Say(absl::StrCat("bill ", r->bill().bill_number(), " id ", r->bill().bill_id(),
                   " voided by supervisor ", words[2],
                   ": its money goes back to the customer"));
}

void Console::StampStaff(pos::v1::SubmitBill* bill) const {
  bill->set_cashier_session_id(cashier_session_id_);
  bill->set_approval_id(approval_id_);
}

}  // namespace tillstream
