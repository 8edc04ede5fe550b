// The cashier's console: executes what a keyboard-wedge scanner types (a
// barcode, then Enter) and short cashier commands, one line at a time,
// against the back office. The same input always gives the same session.
//
// The guarantee it keeps: a payment completes only once its bill is durable
// in the till's outbox. When the disk cannot keep the bill the payment step
// is refused, its tender taken back, and the sale is held exactly as it was:
// nothing but payment commands, `total` and `cancel` are accepted until the
// cashier pays again (once the disk is fixed) or cancels, so a refused sale
// never merges into the next. Bills the back office does not acknowledge go
// to the OutboxSender, which sends them in order as soon as it answers.
//
// With a local catalog copy the till keeps selling when the back office
// cannot be reached: it says so, prices scans from the copy, and rings the
// bills into the outbox marked offline with the version used. A sale begun
// offline stays offline to its end; the till goes back online between sales
// once the back office answers again. What needs the back office's ledger
// (customers, points, coupons, returns, cashiers, supervisors, discounts) is
// refused offline with a message saying so.
#ifndef TILLSTREAM_TERMINAL_CONSOLE_H_
#define TILLSTREAM_TERMINAL_CONSOLE_H_

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/register.h"
#include "client/till_link.h"
#include "pos/v1/pos.pb.h"
#include "terminal/catalog_follower.h"
#include "terminal/local_catalog.h"
#include "terminal/outbox_sender.h"
#include "terminal/till_state.h"

namespace tillstream {

// What pos-terminal exits with (README, pos-terminal).
enum ExitCode : int {
  kExitAllRecorded = 0,
  kExitCannotStart = 1,
  kExitUsage = 2,
  kExitUnsent = 3,   // bills kept in the outbox, sent at the next start
  kExitRefused = 4,  // a payment or a bill was refused
  kExitRefusedAndUnsent = 5,
};
ExitCode ExitCodeFor(int refused, size_t unsent);

class Console {
 public:
  using Output = std::function<void(const std::string&)>;

  // `sender` takes the bills `link` could not deliver. None is owned.
  // Without `catalog` (and `follower`, which keeps it current) the till
  // cannot sell offline.
  Console(TillLink* link, TillState* state, OutboxSender* sender, Output out,
          LocalCatalog* catalog = nullptr, CatalogFollower* follower = nullptr);

  void Execute(const std::string& line);

  // Hands the bills a previous run left in the outbox to the sender.
  void ResendOutbox();
  // End of input: an open sale is cancelled (a held one counts as refused).
  void EndOfInput();
  // After a reconnect: the server forgot the open bill, so scan its lines
  // again and take the new line numbers.
  absl::Status Rescan(TillLink& link);
  // The sender's report of a bill that left the outbox.
  void OnSent(const pos::v1::SubmitBill& bill,
              const absl::StatusOr<pos::v1::BillReceipt>& outcome);

  bool bill_open() const { return !register_.empty() || held(); }
  bool held() const { return !held_reason_.empty(); }
  // Sales the till refused to complete and bills the server refused.
  int refused() const;

  void Say(const std::string& text);

  // console_offline.cc. The till starts offline (its first hello went
  // unanswered); false when it holds no catalog copy to sell from.
  bool StartOffline(const absl::Status& why);
  // From the follower's thread: the back office answered again.
  void OnServerReachable() { server_back_ = true; }
  bool offline() const { return offline_; }

 private:
  const std::string& currency() const;
  // CallWithRetry, and a nudge to the sender whenever the back office answers.
  absl::StatusOr<pos::v1::TillResponse> Ask(const pos::v1::TillRequest& request);

  // console.cc: the sale.
  void Scan(const std::string& barcode);
  void Void(const std::string& arg);
  void Total();
  void Pay(const std::vector<std::string>& words);
  void Discount(const std::vector<std::string>& words);
  void SaleDiscount(const std::string& arg);
  void Cancel();
  bool Quote();
  // The bill id and number of the open sale, kept across refused payments.
  absl::Status Reserve();
  // Saves the bill to the outbox and sends it, ending the sale; false (and
  // the sale held as it was) when the disk cannot keep it.
  bool Complete(pos::v1::SubmitBill bill);
  void Hold(const absl::Status& why);
  void ClearSale();
  void Deliver(const pos::v1::SubmitBill& bill);
  // cash | card | voucher | other, as the cashier types them.
  static std::optional<pos::v1::TenderType> TenderOf(const std::string& kind);
  void AnnounceRecorded(const pos::v1::BillReceipt& receipt, bool print_receipt);
  void AnnounceRefused(const pos::v1::SubmitBill& bill, const absl::Status& status);

  // console_offline.cc
  // Switches to selling from the copy; false when there is none.
  bool GoOffline(const absl::Status& why);
  // Between sales: back online if the back office answers again.
  void MaybeBackOnline();
  // Whether the open sale is priced from the local copy.
  bool sale_offline() const { return sale_copy_ != nullptr; }
  void ScanLocally(const std::string& barcode, int64_t quantity_milli);
  // A command that needs the back office while offline: says why not.
  bool RefusedOffline(const std::string& cmd);
  // The receipt as the till priced the open sale (the server's follows).
  pos::v1::BillReceipt OfflineReceipt(const pos::v1::SubmitBill& bill) const;
  void DeliverOffline(const pos::v1::SubmitBill& bill,
                      const pos::v1::BillReceipt& receipt);

  // console_loyalty.cc: customers, points, coupons, tagging.
  void UseCustomer(const pos::v1::CustomerProfile& p, const std::string& id);
  void LookUp(const std::string& id);
  void Enrol(const std::vector<std::string>& words);
  void PayPoints(const std::string& arg);
  void PayCoupon(const std::string& code);
  void Tag(const std::string& which, const std::string& id);

  // console_returns.cc
  void StartReturn(const std::vector<std::string>& words);
  void Refund(const std::string& how);

  // console_staff.cc: cashiers and supervisors.
  void SignIn(const std::string& cashier_id, const std::string& pin);
  void SignOut();
  void Approve(const std::vector<std::string>& words);  // supervisor ID PIN [REASON...]
  // voidbill ID|last SUPERVISOR PIN REASON...
  void VoidBill(const std::vector<std::string>& words);
  // `which` as a bill id: "last" is the last bill this till recorded.
  std::string EarlierBill(const std::string& which);
  // The signed-in cashier's session and the sale's approval, onto its bill.
  void StampStaff(pos::v1::SubmitBill* bill) const;

  TillLink* const link_;
  TillState* const state_;
  OutboxSender* const sender_;
  const Output out_;
  LocalCatalog* const catalog_;
  CatalogFollower* const follower_;

  Register register_;
  bool offline_ = false;                          // selling from the local copy
  std::atomic<bool> server_back_{false};          // the follower reached the back office
  std::shared_ptr<const CatalogCopy> sale_copy_;  // the open sale's, when offline
  std::string manual_number_;                     // from "billno", for the open bill only
  std::string reserved_id_;  // of the open sale, once a payment tried to complete it
  std::string reserved_number_;
  std::string held_reason_;  // why the last payment step was refused
  std::optional<pos::v1::ReturnOf> pending_return_;  // from "return", until "refund"
  int64_t pending_refund_ = 0;                       // negative
  int64_t pending_points_value_ = 0;                 // of the refund, paid back as points
  std::string cashier_session_id_;  // of the signed-in cashier, across bills
  std::string approval_id_;         // a supervisor's, for the open sale only

  std::mutex say_mu_;  // one line of output at a time
  // Shared with the sender's thread.
  std::atomic<int> refused_{0};
  mutable std::mutex mu_;
  std::string last_bill_id_;  // for "tag last", under mu_
};

}  // namespace tillstream

#endif  // TILLSTREAM_TERMINAL_CONSOLE_H_
