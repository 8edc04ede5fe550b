// The console while the back office cannot be reached: scans priced from
// the till's catalog copy, bills rung into the outbox marked offline, and
// the commands that need the back office refused with the reason.
#include <set>

#include "absl/strings/str_cat.h"
#include "client/receipt.h"
#include "common/money.h"
#include "terminal/console.h"

namespace tillstream {
namespace {

// What needs the back office's ledger or its checks.
const std::set<std::string>& NeedsServer() {
  static const auto& commands = *new std::set<std::string>{
      "customer", "enrol",  "points", "coupon",  "tag",        "discount", "salediscount",
      "return",   "refund", "signin", "signout", "supervisor", "voidbill"};
  return commands;
}

}  // namespace

bool Console::StartOffline(const absl::Status& why) { return GoOffline(why); }

bool Console::GoOffline(const absl::Status& why) {
  const auto copy = catalog_ != nullptr ? catalog_->current() : nullptr;
  if (copy == nullptr) return false;
  offline_ = true;
  server_back_ = false;
  Say(absl::StrCat("! OFFLINE: the back office cannot be reached (", why.message(),
                   "). Selling from this till's copy of catalog ", copy->catalog_id(),
                   " version ", copy->version(),
                   "; bills are kept on the till and sent when the link returns. "
                   "Customers, points, coupons, discounts, returns and cashier "
                   "changes wait for the link."));
  if (follower_ != nullptr) follower_->Check();  // tells us when it answers again
  return true;
}

void Console::MaybeBackOnline() {
  if (!server_back_.exchange(false)) return;
  auto hello = link_->Connect();
  if (!hello.ok()) {
    if (follower_ != nullptr) follower_->Check();
    return;
  }
  offline_ = false;
  Say("back office reachable again: scans are priced online; the bills rung offline "
      "are being sent");
  if (follower_ != nullptr)
    follower_->Want(hello->catalog_id(), hello->catalog_version());
  sender_->Nudge();
}

bool Console::RefusedOffline(const std::string& cmd) {
  if (NeedsServer().count(cmd) == 0) return false;
  Say(absl::StrCat("! ", cmd,
                   " needs the back office, which cannot be reached: the till is "
                   "selling offline (scan, qty, void, total, pay, cancel work)"));
  return true;
}

void Console::ScanLocally(const std::string& barcode, int64_t quantity_milli) {
  if (!sale_copy_) sale_copy_ = catalog_ != nullptr ? catalog_->current() : nullptr;
  if (!sale_copy_) {
    return Say(absl::StrCat("! scan ", barcode,
                            ": the back office cannot be reached and this till holds no "
                            "catalog copy to sell from"));
  }
  const CatalogCopy& copy = *sale_copy_;
  auto sku = copy.by_barcode.find(barcode);
  if (sku == copy.by_barcode.end()) {
    return Say(absl::StrCat("! scan ", barcode, ": not in catalog ", copy.catalog_id(),
                            " version ", copy.version(), " (offline)"));
  }
  int32_t line_no = 1;
  for (const auto& l : register_.lines()) line_no = std::max(line_no, l.line_no() + 1);
  auto line =
      PriceLocally(copy, copy.items.at(sku->second), barcode, quantity_milli, line_no);
  if (!line.ok())
    return Say(absl::StrCat("! scan ", barcode, ": ", line.status().message()));
  register_.AddLine(*line);
  Say(absl::StrCat(FormatLine(*line), "   total ",
                   FormatMoney(register_.Total(), currency()), "  (offline)"));
}

pos::v1::BillReceipt Console::OfflineReceipt(const pos::v1::SubmitBill& bill) const {
  pos::v1::BillReceipt receipt;
  receipt.set_bill_id(bill.bill_id());
  receipt.set_bill_number(bill.bill_number());
  *receipt.mutable_billing_time() = bill.billing_time();
  int64_t total = 0, tax = 0, tendered = 0;
  for (const auto& l : register_.lines()) {
    *receipt.add_lines() = l;
    total += l.amount().minor_units();
    tax += l.tax().minor_units();
  }
  for (const auto& t : bill.tenders()) {
    auto* out = receipt.add_tenders();
    out->set_type(t.type());
    *out->mutable_amount() = t.amount();
    out->set_reference(t.reference());
    tendered += t.amount().minor_units();
  }
  const auto money = [&](int64_t minor) {
    pos::v1::Money m;
    m.set_minor_units(minor);
    m.set_currency(currency());
    return m;
  };
  *receipt.mutable_total() = money(total);
  *receipt.mutable_tax_total() = money(tax);
  *receipt.mutable_tendered() = money(tendered);
  *receipt.mutable_change() = money(tendered - total);
  receipt.set_offline(true);
  return receipt;
}

void Console::DeliverOffline(const pos::v1::SubmitBill& bill,
                             const pos::v1::BillReceipt& receipt) {
  Say(FormatReceipt(receipt, link_->hello()));
  sender_->Hand(bill, /*try_now=*/false);
  Say(absl::StrCat("bill ", bill.bill_number(), " rung OFFLINE from catalog version ",
                   bill.offline().catalog_version(), ", total ",
                   FormatMoneyWithCode(receipt.total()),
                   ": kept on this till, sent as soon as the back office answers"));
}

}  // namespace tillstream
