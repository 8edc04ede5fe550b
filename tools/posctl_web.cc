// posctl's commands for web invoices (InvoiceService) and purchases recorded
// from other systems (PurchaseService). Output lines start with a word a
// script can grep for: "invoice", "item", "payment", "scheduled", "code",
// "redeemed", "purchase".
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/ids.h"
#include "common/money.h"
#include "common/quantity.h"
#include "pos/v1/invoices.grpc.pb.h"
#include "pos/v1/purchases.grpc.pb.h"
#include "tools/posctl_admin.h"

namespace tillstream {

const char kWebUsage[] = R"(
Web invoices (for partner front ends; what a web shop does through InvoiceService):
  find-user ORG email|ext VALUE
  create-user ORG NAME [email=ADDRESS] [ext=ID]
  begin-invoice ORG CUSTOMER REQUEST_ID [note=TEXT] [group=TEXT]
  add-invoice-item ORG INVOICE REQUEST_ID SKU NAME UNIT_COST QTY [access_days=N] [opt.KEY=VALUE]
  add-invoice-payment ORG INVOICE REQUEST_ID AMOUNT PROCESSOR TXN_ID [payee=NAME]
  schedule-invoice-payment ORG INVOICE REQUEST_ID AMOUNT DUE_DATE
  commit-invoice ORG INVOICE           (hands out the redemption codes)
  abort-invoice ORG INVOICE [reason=TEXT]
  show-invoice ORG INVOICE|CODE
  redeem-item ORG CODE CUSTOMER REQUEST_ID
  show-invoice-settings ORG
  set-invoice-settings ORG [open_minutes=N] [template=URL]
Purchases made in other systems:
  record-purchase ORG FILE.json        (a pos.v1.Purchase in protobuf JSON)
  show-purchase ORG SOURCE TXN_ID
)";

namespace {

using Invoices = Client<pos::v1::InvoiceService>;
using Purchases = Client<pos::v1::PurchaseService>;

void PrintInvoice(const pos::v1::Invoice& inv) {
  std::cout << "invoice " << inv.invoice_id() << " "
            << pos::v1::InvoiceStatus_Name(inv.status()) << " customer "
            << inv.customer_id() << (inv.replayed() ? " (answered before)" : "") << "\n";
  std::cout << "  created " << When(inv.created_at()) << ", "
            << (inv.status() == pos::v1::INVOICE_OPEN
                    ? "expires " + When(inv.expires_at())
                    : "closed " + When(inv.closed_at()))
            << "\n";
  if (!inv.redemption_code().empty())
    std::cout << "code " << inv.redemption_code() << "\n";
  for (const auto& item : inv.items()) {
    std::cout << "item " << item.item_no() << " " << item.sku() << " \"" << item.name()
              << "\" " << item.quantity() << " x " << Money(item.unit_cost()) << " = "
              << Money(item.amount());
    if (item.access_days() > 0) std::cout << ", access " << item.access_days() << " days";
    if (!item.redemption_code().empty()) std::cout << ", code " << item.redemption_code();
    std::cout << "\n";
    if (item.redeemed()) {
      std::cout << "redeemed item " << item.item_no() << " by " << item.redeemed_by()
                << " at " << When(item.redeemed_at()) << ", enrolment "
                << item.enrolment_id()
                << (item.has_access_ends() ? ", access until " + When(item.access_ends())
                                           : "")
                << "\n";
    }
  }
  for (const auto& p : inv.payments()) {
    std::cout << "payment " << Money(p.amount()) << " to " << p.payee() << " via "
              << p.processor() << " " << p.processor_transaction_id() << " at "
              << When(p.paid_at()) << "\n";
  }
  for (const auto& p : inv.scheduled_payments()) {
    std::cout << "scheduled " << Money(p.amount()) << " due " << p.due_date() << "\n";
  }
  std::cout << "  items " << Money(inv.items_total()) << ", paid "
            << Money(inv.paid_total()) << ", scheduled " << Money(inv.scheduled_total())
            << ", " << pos::v1::RedemptionState_Name(inv.redemption()) << " ("
            << inv.redeemed_items() << "/" << inv.items_size() << ")\n";
}

void PrintPurchase(const pos::v1::PurchaseRecord& r) {
  const auto& p = r.purchase();
  std::cout << "purchase " << r.purchase_id() << " " << p.source() << " "
            << p.external_transaction_id() << " day " << r.business_date()
            << (r.replayed() ? " (recorded before)" : "") << "\n";
  std::cout << "  customer "
            << (r.customer_id().empty() ? "(anonymous)" : r.customer_id())
            << ", points earned " << r.points_earned() << ", reversed "
            << r.points_reversed() << "\n";
  for (const auto& l : p.lines()) {
    std::cout << absl::StrFormat("  %3d %-12s %10s %14s", l.line_no(), l.sku(),
                                 FormatQuantity(l.quantity().milli()),
                                 Money(l.extended_price()));
    if (l.is_refund()) {
      std::cout << "  refunds " << l.refunds_transaction_id() << " line "
                << l.refunds_line_no();
    }
    std::cout << "\n";
  }
  std::cout << "  sub-total " << Money(p.sub_total()) << ", discounts "
            << Money(p.item_discount()) << " + " << Money(p.sale_discount())
            << ", refunds " << Money(p.refund_amount()) << ", tax " << Money(p.tax())
            << ", paid " << Money(p.amount_paid()) << "\n";
}

int InvoiceCommand(const std::vector<std::string>& a,
                   std::map<std::string, std::string>& o) {
  Invoices svc;
  const std::string& cmd = a[0];
  pos::v1::Invoice inv;
  if (cmd == "find-user") {
    pos::v1::FindUserRequest req;
    req.set_org_id(a[1]);
    if (a[2] == "email") {
      req.set_email(a[3]);
    } else {
      req.set_external_id(a[3]);
    }
    pos::v1::User user;
    if (!svc.Call(&pos::v1::InvoiceService::Stub::FindUser, req, &user)) return 1;
    std::cout << "user " << user.customer().customer_id() << " " << user.customer().name()
              << " " << user.customer().email() << " " << user.customer().external_id()
              << "\n";
    return 0;
  }
  if (cmd == "create-user") {
    pos::v1::CreateUserRequest req;
    req.set_org_id(a[1]);
    req.set_name(a[2]);
    req.set_email(o["email"]);
    req.set_external_id(o["ext"]);
    pos::v1::User user;
    if (!svc.Call(&pos::v1::InvoiceService::Stub::CreateUser, req, &user)) return 1;
    std::cout << "user " << user.customer().customer_id()
              << (user.existed() ? " (existed)" : " (created)") << "\n";
    return 0;
  }
  if (cmd == "begin-invoice") {
    pos::v1::BeginInvoiceRequest req;
    req.set_org_id(a[1]);
    req.set_customer_id(a[2]);
    req.set_request_id(a[3]);
    req.set_note(o["note"]);
    req.set_purchasing_group(o["group"]);
    if (!svc.Call(&pos::v1::InvoiceService::Stub::BeginInvoice, req, &inv)) return 1;
  } else if (cmd == "add-invoice-item") {
    pos::v1::AddItemsRequest req;
    req.set_org_id(a[1]);
    req.set_invoice_id(a[2]);
    req.set_request_id(a[3]);
    auto* item = req.add_items();
    item->set_sku(a[4]);
    item->set_name(a[5]);
    if (!ParseAmount("UNIT_COST", a[6], item->mutable_unit_cost())) return 2;
    int64_t qty = 0;
    int32_t days = 0;
    if (!absl::SimpleAtoi(a[7], &qty) ||
        (o.count("access_days") && !absl::SimpleAtoi(o["access_days"], &days))) {
      std::cerr << "posctl: QTY and access_days are whole numbers\n";
      return 2;
    }
    item->set_quantity(qty);
    item->set_access_days(days);
    for (const auto& [k, v] : o) {
      if (k.rfind("opt.", 0) == 0) (*item->mutable_options())[k.substr(4)] = v;
    }
    if (!svc.Call(&pos::v1::InvoiceService::Stub::AddItems, req, &inv)) return 1;
  } else if (cmd == "add-invoice-payment" || cmd == "schedule-invoice-payment") {
    pos::v1::AddPaymentsRequest req;
    req.set_org_id(a[1]);
    req.set_invoice_id(a[2]);
    req.set_request_id(a[3]);
    if (cmd == "add-invoice-payment") {
      auto* p = req.add_payments();
      if (!ParseAmount("AMOUNT", a[4], p->mutable_amount())) return 2;
      p->set_processor(a[5]);
      p->set_processor_transaction_id(a[6]);
      p->set_payee(o.count("payee") ? o["payee"] : "web shop");
      p->mutable_paid_at()->set_seconds(absl::ToUnixSeconds(absl::Now()));
    } else {
      auto* p = req.add_scheduled_payments();
      if (!ParseAmount("AMOUNT", a[4], p->mutable_amount())) return 2;
      p->set_due_date(a[5]);
    }
    if (!svc.Call(&pos::v1::InvoiceService::Stub::AddPayments, req, &inv)) return 1;
  } else if (cmd == "commit-invoice") {
    pos::v1::CommitInvoiceRequest req;
    req.set_org_id(a[1]);
    req.set_invoice_id(a[2]);
    if (!svc.Call(&pos::v1::InvoiceService::Stub::CommitInvoice, req, &inv)) return 1;
  } else if (cmd == "abort-invoice") {
    pos::v1::AbortInvoiceRequest req;
    req.set_org_id(a[1]);
    req.set_invoice_id(a[2]);
    req.set_reason(o["reason"]);
    if (!svc.Call(&pos::v1::InvoiceService::Stub::AbortInvoice, req, &inv)) return 1;
  } else if (cmd == "show-invoice") {
    pos::v1::GetInvoiceRequest req;
    req.set_org_id(a[1]);
    if (IsUuid(a[2])) {
      req.set_invoice_id(a[2]);
    } else {
      req.set_redemption_code(a[2]);
    }
    if (!svc.Call(&pos::v1::InvoiceService::Stub::GetInvoice, req, &inv)) return 1;
  } else if (cmd == "redeem-item") {
    pos::v1::RedeemItemRequest req;
    req.set_org_id(a[1]);
    req.set_redemption_code(a[2]);
    req.set_customer_id(a[3]);
    req.set_request_id(a[4]);
    pos::v1::ItemRedemption r;
    if (!svc.Call(&pos::v1::InvoiceService::Stub::RedeemItem, req, &r)) return 1;
    std::cout << "redeemed item " << r.item().item_no() << " of invoice "
              << r.item().invoice_id() << " by " << r.item().redeemed_by() << " at "
              << When(r.item().redeemed_at())
              << (r.replayed() ? " (answered before)" : "") << "\n  enrolment "
              << r.enrolment_id() << "\n";
    if (r.item().has_access_ends()) {
      std::cout << "  access until " << When(r.item().access_ends()) << "\n";
    }
    if (!r.sign_on_url().empty()) std::cout << "  sign on at " << r.sign_on_url() << "\n";
    return 0;
  }
  PrintInvoice(inv);
  return 0;
}

int SettingsCommand(const std::vector<std::string>& a,
                    std::map<std::string, std::string>& o) {
  Admin admin;
  pos::v1::InvoiceSettings settings;
  if (a[0] == "show-invoice-settings") {
    pos::v1::GetInvoiceSettingsRequest req;
    req.set_org_id(a[1]);
    if (!admin.Call(&pos::v1::AdminService::Stub::GetInvoiceSettings, req, &settings)) {
      return 1;
    }
  } else {
    pos::v1::InvoiceSettings req;
    req.set_org_id(a[1]);
    int32_t minutes = 0;
    if (o.count("open_minutes") && !absl::SimpleAtoi(o["open_minutes"], &minutes)) {
      std::cerr << "posctl: open_minutes is a whole number\n";
      return 2;
    }
    req.set_open_minutes(minutes);
    req.set_sign_on_url_template(o["template"]);
    if (!admin.Call(&pos::v1::AdminService::Stub::SetInvoiceSettings, req, &settings)) {
      return 1;
    }
  }
  std::cout << "open invoices expire after " << settings.open_minutes() << " minutes\n"
            << "sign-on URL template: "
            << (settings.sign_on_url_template().empty() ? "(none)"
                                                        : settings.sign_on_url_template())
            << "\n";
  return 0;
}

int PurchaseCommand(const std::vector<std::string>& a) {
  Purchases svc;
  pos::v1::PurchaseRecord record;
  if (a[0] == "record-purchase") {
    std::ifstream in(a[2]);
    if (!in) {
      std::cerr << "posctl: cannot read " << a[2] << "\n";
      return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    pos::v1::RecordPurchaseRequest req;
    req.set_org_id(a[1]);
    const auto parsed =
        google::protobuf::util::JsonStringToMessage(text.str(), req.mutable_purchase());
    if (!parsed.ok()) {
      std::cerr << "posctl: " << a[2]
                << " is not a pos.v1.Purchase in JSON: " << parsed.ToString() << "\n";
      return 2;
    }
    if (!svc.Call(&pos::v1::PurchaseService::Stub::RecordPurchase, req, &record))
      return 1;
  } else {
    pos::v1::GetPurchaseRequest req;
    req.set_org_id(a[1]);
    req.set_source(a[2]);
    req.set_external_transaction_id(a[3]);
    if (!svc.Call(&pos::v1::PurchaseService::Stub::GetPurchase, req, &record)) return 1;
  }
  PrintPurchase(record);
  return 0;
}

}  // namespace

bool RunWebCommand(const std::vector<std::string>& a, int* rc) {
  // Positional arguments (with the command), then KEY=VALUE options.
  static const std::map<std::string, size_t> kArity = {{"find-user", 4},
                                                       {"create-user", 3},
                                                       {"begin-invoice", 4},
                                                       {"add-invoice-item", 8},
                                                       {"add-invoice-payment", 7},
                                                       {"schedule-invoice-payment", 6},
                                                       {"commit-invoice", 3},
                                                       {"abort-invoice", 3},
                                                       {"show-invoice", 3},
                                                       {"redeem-item", 5},
                                                       {"show-invoice-settings", 2},
                                                       {"set-invoice-settings", 2},
                                                       {"record-purchase", 3},
                                                       {"show-purchase", 4}};
  const auto arity = kArity.find(a[0]);
  if (arity == kArity.end()) return false;
  if (a.size() < arity->second) {
    std::cerr << "posctl: " << a[0] << " needs " << arity->second - 1 << " arguments\n"
              << kWebUsage;
    *rc = 2;
    return true;
  }
  std::map<std::string, std::string> options;
  if (!Options(a, arity->second, &options)) {
    *rc = 2;
    return true;
  }
  if (a[0] == "record-purchase" || a[0] == "show-purchase") {
    *rc = PurchaseCommand(a);
  } else if (a[0] == "show-invoice-settings" || a[0] == "set-invoice-settings") {
    *rc = SettingsCommand(a, options);
  } else {
    *rc = InvoiceCommand(a, options);
  }
  return true;
}

}  // namespace tillstream
