// posctl: the back-office operator's command line for posd's AdminService.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "client/api_key_flag.h"
#include "client/channel.h"
#include "client/receipt.h"
#include "client/security_flags.h"
#include "common/enum_names.h"
#include "common/env.h"
#include "common/money.h"
#include "pos/v1/pos.grpc.pb.h"
#include "tools/catalog_csv.h"
#include "tools/posctl_admin.h"

using tillstream::EnvOr;

ABSL_FLAG(std::string, server, EnvOr("POS_SERVER", "127.0.0.1:50051"),
          "posd address (env POS_SERVER)");
ABSL_FLAG(int, timeout_ms, 30000, "deadline per call");
ABSL_FLAG(std::string, currency, "EUR",
          "currency of amounts given to set-rules (the org's)");

namespace tillstream {
namespace {

constexpr char kUsage[] = R"(posctl [flags] COMMAND ARGS...

Commands:
  create-org ORG NAME CURRENCY TIME_ZONE [COUNTRY_CALLING_CODE]
  create-store ORG STORE NAME
  create-till ORG STORE TILL
  load-catalog ORG CURRENCY FILE.csv [CATALOG]
                                       (sku,name,price,tax_percent,unit,barcodes;
                                        into CATALOG, default main, as one new version
                                        per 1000 rows)
  list-bills ORG DATE [STORE]          (DATE as YYYY-MM-DD, the org's business day)
  show-bill ORG BILL_ID
  delete-bill ORG BILL_ID reason=TEXT [by=NAME]  (a bill rung up by mistake)
  day-summary ORG DATE
  show-rules ORG                       (the org's billing rules)
  set-rules ORG KEY=VALUE... reason=TEXT [by=NAME]
      keys: required=yes|no  pattern=RE2  unique=yes|no  scope=org|store|till
            window_days=N  min=AMOUNT|none  max=AMOUNT|none  out_of_range=flag|reject
            outlier_prefixes=A,B  outlier_stores=S1,S2  test_mode=yes|no
            require_cashier=yes|no  supervisor_discount_percent=P|none
            earliest_date=YYYY-MM-DD  prices_exclude_tax=yes|no
            tax_rounding=half_up|half_even  offline_grace_seconds=N
  rules-history ORG
)";

const char* TenderName(pos::v1::TenderType t) {
  return EnumName(
      t, {"cash (net of change)", "card", "voucher", "other", "points", "coupons"},
      "other");
}

std::string M(const pos::v1::Money& m) {
  return FormatMoney(m.minor_units(), m.currency());
}

const char* StatusName(pos::v1::BillStatus s) {
  return EnumName(s, {"regular", "not interested (anonymous)", "OUTLIER", "TEST",
                      "DELETED (not counted)"});
}

void PrintRules(const pos::v1::BillingConfigVersion& v) {
  const auto& c = v.config();
  const auto yn = [](bool b) { return b ? "yes" : "no"; };
  std::cout << "Billing rules of " << v.org_id() << ", version " << v.version();
  if (v.version() == 0) {
    std::cout << " (defaults, never changed)\n";
  } else {
    std::cout << " by " << v.changed_by() << " at " << When(v.changed_at()) << ": "
              << v.reason() << "\n";
  }
  const char* scope = c.unique_scope() == pos::v1::SCOPE_STORE  ? "store"
                      : c.unique_scope() == pos::v1::SCOPE_TILL ? "till"
                                                                : "org";
  std::cout << "  bill number required   " << yn(c.bill_number_required()) << "\n"
            << "  bill number pattern    "
            << (c.bill_number_pattern().empty() ? "(any)" : c.bill_number_pattern())
            << "\n"
            << "  unique bill numbers    " << yn(c.bill_number_unique());
  if (c.bill_number_unique()) {
    std::cout << ", per " << scope << ", within " << c.unique_window_days() << " days";
  }
  std::cout << "\n  minimum amount         "
            << (c.has_min_amount() ? M(c.min_amount()) : std::string("(none)")) << "\n"
            << "  maximum amount         "
            << (c.has_max_amount() ? M(c.max_amount()) : std::string("(none)")) << "\n"
            << "  outside the range      "
            << (c.out_of_range_action() == pos::v1::REJECT ? "reject" : "flag as outlier")
            << "\n"
            << "  outlier prefixes       "
            << absl::StrJoin(c.outlier_bill_number_prefixes(), ",") << "\n"
            << "  outlier stores         " << absl::StrJoin(c.outlier_store_ids(), ",")
            << "\n"
            << "  test mode              " << yn(c.test_mode()) << "\n"
            << "  earliest billing date  " << c.earliest_billing_date() << "\n"
            << "  catalog prices         "
            << (c.prices_exclude_tax() ? "exclude tax (added per line)" : "include tax")
            << "\n"
            << "  tax rounding           "
            << (c.tax_rounding() == pos::v1::HALF_EVEN ? "half even" : "half up") << "\n"
            << "  cashier required       " << yn(c.require_cashier()) << "\n"
            << "  supervisor above       "
            << (c.supervisor_discount_bp() == 0
                    ? std::string("(no discount limit)")
                    : absl::StrCat(FormatMoney(c.supervisor_discount_bp(), "EUR"),
                                   " % discount"))
            << (c.require_cashier() ? "; every return" : "") << "\n"
            << "  offline price grace    " << c.offline_price_grace_seconds() << " s\n";
}

// Reads the current rules, applies KEY=VALUE changes, saves them as the next
// version (refused if someone else saved in between).
int SetRules(Admin& admin, const std::vector<std::string>& a) {
  pos::v1::GetBillingConfigRequest get;
  get.set_org_id(a[1]);
  pos::v1::BillingConfigVersion current;
  if (!admin.Call(&pos::v1::AdminService::Stub::GetBillingConfig, get, &current))
    return 1;
  pos::v1::SetBillingConfigRequest set;
  set.set_org_id(a[1]);
  set.set_expected_version(current.version());
  *set.mutable_config() = current.config();
  set.set_changed_by(EnvOr("USER", "posctl"));
  pos::v1::BillingConfig& c = *set.mutable_config();
  const std::string currency = absl::GetFlag(FLAGS_currency);
  const int rc = ApplySettings(
      a, kUsage, &set,
      [&](const std::string& key, const std::string& value) -> std::optional<bool> {
        const auto yes = [&](bool* out) {
          if (value != "yes" && value != "no") return false;
          *out = value == "yes";
          return true;
        };
        const auto list = [&](google::protobuf::RepeatedPtrField<std::string>* out) {
          out->Clear();
          for (absl::string_view p : absl::StrSplit(value, ',', absl::SkipEmpty())) {
            out->Add(std::string(p));
          }
        };
        bool ok = true;
        bool flag = false;
        if (key == "required") {
          ok = yes(&flag);
          c.set_bill_number_required(flag);
        } else if (key == "pattern") {
          c.set_bill_number_pattern(value);
        } else if (key == "unique") {
          ok = yes(&flag);
          c.set_bill_number_unique(flag);
        } else if (key == "scope") {
          ok = value == "org" || value == "store" || value == "till";
          c.set_unique_scope(value == "store"  ? pos::v1::SCOPE_STORE
                             : value == "till" ? pos::v1::SCOPE_TILL
                                               : pos::v1::SCOPE_ORG);
        } else if (key == "window_days") {
          int days = 0;
          ok = absl::SimpleAtoi(value, &days);
          c.set_unique_window_days(days);
        } else if (key == "min" || key == "max") {
          if (value == "none") {
            key == "min" ? c.clear_min_amount() : c.clear_max_amount();
          } else {
            pos::v1::Money* m =
                key == "min" ? c.mutable_min_amount() : c.mutable_max_amount();
            auto amount = ParseMoney(value, currency);
            ok = amount.ok();
            m->set_minor_units(amount.value_or(0));
            m->set_currency(currency);
          }
        } else if (key == "out_of_range") {
          ok = value == "flag" || value == "reject";
          c.set_out_of_range_action(value == "reject" ? pos::v1::REJECT : pos::v1::FLAG);
        } else if (key == "outlier_prefixes") {
          list(c.mutable_outlier_bill_number_prefixes());
        } else if (key == "outlier_stores") {
          list(c.mutable_outlier_store_ids());
        } else if (key == "test_mode") {
          ok = yes(&flag);
          c.set_test_mode(flag);
        } else if (key == "prices_exclude_tax") {
          ok = yes(&flag);
          c.set_prices_exclude_tax(flag);
        } else if (key == "tax_rounding") {
          ok = value == "half_up" || value == "half_even";
          c.set_tax_rounding(value == "half_even" ? pos::v1::HALF_EVEN
                                                  : pos::v1::HALF_UP);
        } else if (key == "earliest_date") {
          c.set_earliest_billing_date(value);
        } else if (key == "require_cashier") {
          ok = yes(&flag);
          c.set_require_cashier(flag);
        } else if (key == "offline_grace_seconds") {
          int32_t seconds = 0;
          ok = absl::SimpleAtoi(value, &seconds) && seconds >= 1 && seconds <= 86400;
          c.set_offline_price_grace_seconds(seconds);
        } else if (key == "supervisor_discount_percent") {
          // "none" or a percentage with up to two decimals, e.g. 12.5
          if (value == "none") {
            c.set_supervisor_discount_bp(0);
          } else {
            auto bp = ParseMoney(value, "EUR");  // two decimals: percent * 100
            ok = bp.ok() && *bp > 0 && *bp <= 10000;
            c.set_supervisor_discount_bp(static_cast<int32_t>(bp.value_or(0)));
          }
        } else {
          return std::nullopt;
        }
        return ok;
      });
  if (rc != 0) return rc;
  pos::v1::BillingConfigVersion saved;
  if (!admin.Call(&pos::v1::AdminService::Stub::SetBillingConfig, set, &saved)) return 1;
  PrintRules(saved);
  return 0;
}

int LoadCatalog(Admin& admin, const std::vector<std::string>& a) {
  std::ifstream in(a[3]);
  if (!in) {
    std::cerr << "posctl: cannot read " << a[3] << "\n";
    return 1;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  auto items = ParseCatalogCsv(buf.str(), a[2]);
  if (!items.ok()) {
    std::cerr << "posctl: " << a[3] << " " << items.status().message() << "\n";
    return 1;
  }
  constexpr size_t kBatch = 1000;
  int inserted = 0, updated = 0, unchanged = 0, version = 0;
  std::string catalog = a.size() > 4 ? a[4] : "main";
  for (size_t i = 0; i < items->size(); i += kBatch) {
    pos::v1::UpsertItemsRequest req;
    req.set_org_id(a[1]);
    if (a.size() > 4) req.set_catalog_id(a[4]);
    for (size_t k = i; k < std::min(items->size(), i + kBatch); ++k) {
      *req.add_items() = (*items)[k];
    }
    pos::v1::UpsertItemsResponse resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::UpsertItems, req, &resp)) return 1;
    inserted += resp.inserted();
    updated += resp.updated();
    unchanged += resp.unchanged();
    version = resp.version();
  }
  std::cout << "catalog " << a[1] << "/" << catalog << " version " << version << ": "
            << inserted << " inserted, " << updated << " updated, " << unchanged
            << " unchanged\n";
  return 0;
}

int ListBills(Admin& admin, const std::vector<std::string>& a) {
  pos::v1::ListBillsRequest req;
  req.set_org_id(a[1]);
  req.set_business_date(a[2]);
  if (a.size() > 3) req.set_store_id(a[3]);
  req.set_page_size(500);
  int count = 0;
  for (;;) {
    pos::v1::ListBillsResponse resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::ListBills, req, &resp)) return 1;
    for (const auto& b : resp.bills()) {
      ++count;
      std::cout << absl::StrFormat(
          "%s  %-8s %-6s %-20s %3d lines %12s %s  %s\n",
          absl::FormatTime("%H:%M:%S", absl::FromUnixSeconds(b.billing_time().seconds()),
                           absl::UTCTimeZone()),
          b.store_id(), b.till_id(), b.bill_number(), b.line_count(), M(b.total()),
          b.total().currency(), b.bill_id());
    }
    if (resp.next_page_token().empty()) break;
    req.set_page_token(resp.next_page_token());
  }
  std::cout << count << " bills (times UTC)\n";
  return 0;
}

int DaySummary(Admin& admin, const std::vector<std::string>& a) {
  pos::v1::DaySummaryRequest req;
  req.set_org_id(a[1]);
  req.set_business_date(a[2]);
  pos::v1::DaySummaryResponse resp;
  if (!admin.Call(&pos::v1::AdminService::Stub::DaySummary, req, &resp)) return 1;
  std::cout << "Day summary for " << resp.org_id() << " on " << resp.business_date()
            << "\n";
  std::cout << absl::StrFormat("%-10s %-8s %8s %8s %14s %12s\n", "store", "till", "bills",
                               "lines", "total", "tax");
  for (const auto& t : resp.tills()) {
    std::cout << absl::StrFormat("%-10s %-8s %8d %8d %14s %12s\n", t.store_id(),
                                 t.till_id(), t.bills(), t.lines(), M(t.total()),
                                 M(t.tax()));
  }
  std::cout << absl::StrFormat("%-19s %8d %8d %14s %12s %s\n", "ALL", resp.bills(),
                               resp.lines(), M(resp.total()), M(resp.tax()),
                               resp.total().currency());
  std::cout << "Returns: " << resp.returns() << " bills, " << M(resp.refunded()) << " "
            << resp.refunded().currency() << " (included above)\n";
  std::cout << "By status:\n";
  for (const auto& st : resp.statuses()) {
    std::cout << absl::StrFormat("  %-28s %6d bills %14s\n", StatusName(st.status()),
                                 st.bills(), M(st.total()));
  }
  std::cout << "Tenders:\n";
  for (const auto& t : resp.tenders()) {
    std::cout << absl::StrFormat("  %-22s %14s\n", TenderName(t.type()), M(t.amount()));
  }
  const auto& l = resp.loyalty();
  std::cout << "Loyalty:\n"
            << absl::StrFormat("  %-28s %8d (%d tagged after the sale)\n",
                               "bills with a customer", l.customer_bills(),
                               l.bills_tagged())
            << absl::StrFormat("  %-28s %8d\n", "points earned", l.points_earned())
            << absl::StrFormat("  %-28s %8d\n", "points redeemed", l.points_redeemed())
            << absl::StrFormat("  %-28s %8d\n", "points reversed by returns",
                               l.points_reversed())
            << absl::StrFormat("  %-28s %8d\n", "points given back by returns",
                               l.points_refunded())
            << absl::StrFormat("  %-28s %8d %14s\n", "coupons redeemed",
                               l.coupons_redeemed(), M(l.coupon_amount()));
  const auto& inv = resp.invoices();
  std::cout << "Web invoices:\n"
            << absl::StrFormat("  %-28s %8d %14s\n", "committed", inv.committed(),
                               M(inv.invoiced()))
            << absl::StrFormat("  %-28s %8s %14s\n", "paid", "", M(inv.paid()))
            << absl::StrFormat("  %-28s %8s %14s\n", "scheduled", "", M(inv.scheduled()))
            << absl::StrFormat("  %-28s %8d\n", "items redeemed", inv.items_redeemed());
  const auto& pur = resp.purchases();
  std::cout << "Purchases from other systems:\n"
            << absl::StrFormat("  %-28s %8d %14s\n", "recorded (amount paid)",
                               pur.purchases(), M(pur.paid()))
            << absl::StrFormat("  %-28s %8d %14s\n", "with refunds (refunded)",
                               pur.with_refunds(), M(pur.refunded()))
            << absl::StrFormat("  %-28s %8d\n", "with a customer",
                               pur.customer_purchases())
            << absl::StrFormat("  %-28s %8d\n", "earned points", pur.points_earned())
            << absl::StrFormat("  %-28s %8d\n", "reversed points (refunds)",
                               pur.points_reversed());
  if (resp.offline_bills_size() > 0) {
    std::cout << "Bills rung while their till was offline: " << resp.offline_bills_size()
              << "\n";
    for (const auto& b : resp.offline_bills()) {
      std::cout << absl::StrFormat("  %s/%s %-12s %10s  catalog v%d  %s\n", b.store_id(),
                                   b.till_id(), b.bill_number(), M(b.total()),
                                   b.catalog_version(),
                                   b.warnings().empty() ? "prices stand" : "FLAGGED");
      for (const auto& w : b.warnings()) std::cout << "      " << w << "\n";
    }
  }
  return 0;
}

int Run(const std::vector<std::string>& a) {
  static const std::map<std::string, size_t> kArity = {
      {"create-org", 5}, {"create-store", 4},  {"create-till", 4}, {"load-catalog", 4},
      {"list-bills", 3}, {"show-bill", 3},     {"day-summary", 3}, {"show-rules", 2},
      {"set-rules", 3},  {"rules-history", 2}, {"delete-bill", 4}};
  const std::string& cmd = a[0];
  const auto arity = kArity.find(cmd);
  if (arity == kArity.end()) {
    Admin admin;
    int rc = 2;
    if (RunLoyaltyCommand(admin, a, &rc)) return rc;
    if (RunWebCommand(a, &rc)) return rc;
    if (RunKeyCommand(a, &rc)) return rc;
    if (RunTillCommand(a, &rc)) return rc;
    if (RunCashierCommand(a, &rc)) return rc;
    if (RunLocationCommand(a, &rc)) return rc;
    if (RunSyncCommand(a, &rc)) return rc;
    if (RunJournalCommand(a, &rc)) return rc;
    if (cmd != "help") std::cerr << "posctl: unknown command '" << cmd << "'\n";
    std::cerr << kUsage << kLoyaltyUsage << kWebUsage << kKeyUsage << kTillUsage
              << kCashierUsage << kLocationUsage << kSyncUsage << kJournalUsage;
    return 2;
  }
  if (a.size() < arity->second) {
    std::cerr << "posctl: " << cmd << " needs " << arity->second - 1 << " arguments\n"
              << kUsage;
    return 2;
  }
  Admin admin;
  if (cmd == "create-org") {
    pos::v1::CreateOrgRequest req;
    req.set_org_id(a[1]);
    req.set_name(a[2]);
    req.set_currency(a[3]);
    req.set_time_zone(a[4]);
    if (a.size() > 5) req.set_default_country_code(a[5]);
    pos::v1::Org resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::CreateOrg, req, &resp)) return 1;
    std::cout << "org " << resp.org_id() << " (" << resp.name() << ", " << resp.currency()
              << ", " << resp.time_zone() << ")\n";
    return 0;
  }
  if (cmd == "create-store") {
    pos::v1::CreateStoreRequest req;
    req.set_org_id(a[1]);
    req.set_store_id(a[2]);
    req.set_name(a[3]);
    pos::v1::Store resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::CreateStore, req, &resp)) return 1;
    std::cout << "store " << resp.org_id() << "/" << resp.store_id() << " ("
              << resp.name() << ")\n";
    return 0;
  }
  if (cmd == "create-till") {
    pos::v1::CreateTillRequest req;
    req.set_org_id(a[1]);
    req.set_store_id(a[2]);
    req.set_till_id(a[3]);
    pos::v1::Till resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::CreateTill, req, &resp)) return 1;
    std::cout << "till " << resp.org_id() << "/" << resp.store_id() << "/"
              << resp.till_id() << "\n";
    return 0;
  }
  if (cmd == "load-catalog") return LoadCatalog(admin, a);
  if (cmd == "list-bills") return ListBills(admin, a);
  if (cmd == "show-bill") {
    pos::v1::GetBillRequest req;
    req.set_org_id(a[1]);
    req.set_bill_id(a[2]);
    pos::v1::BillReceipt resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::GetBill, req, &resp)) return 1;
    pos::v1::HelloAck header;
    header.set_org_name(resp.org_id());
    header.set_store_name(resp.store_id());
    std::cout << FormatReceipt(resp, header);
    return 0;
  }
  if (cmd == "day-summary") return DaySummary(admin, a);
  if (cmd == "show-rules") {
    pos::v1::GetBillingConfigRequest req;
    req.set_org_id(a[1]);
    pos::v1::BillingConfigVersion resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::GetBillingConfig, req, &resp)) return 1;
    PrintRules(resp);
    return 0;
  }
  if (cmd == "set-rules") return SetRules(admin, a);
  if (cmd == "delete-bill") {
    pos::v1::DeleteBillRequest req;
    req.set_org_id(a[1]);
    req.set_bill_id(a[2]);
    req.set_deleted_by(EnvOr("USER", "posctl"));
    for (size_t i = 3; i < a.size(); ++i) {
      if (a[i].rfind("reason=", 0) == 0) req.set_reason(a[i].substr(7));
      if (a[i].rfind("by=", 0) == 0) req.set_deleted_by(a[i].substr(3));
    }
    pos::v1::BillReceipt resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::DeleteBill, req, &resp)) return 1;
    std::cout << "bill " << resp.bill_number() << " (" << resp.bill_id()
              << ") is DELETED\n";
    return 0;
  }
  if (cmd == "rules-history") {
    pos::v1::ListBillingConfigHistoryRequest req;
    req.set_org_id(a[1]);
    pos::v1::BillingConfigHistory resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::ListBillingConfigHistory, req, &resp)) {
      return 1;
    }
    for (const auto& v : resp.versions()) PrintRules(v);
    if (resp.versions().empty()) std::cout << "never changed: the defaults apply\n";
    return 0;
  }
  return 2;  // unreachable: every command in kArity is handled above
}

}  // namespace
}  // namespace tillstream

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "tillstream back-office CLI; posctl help lists the commands");
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  std::vector<std::string> args(rest.begin() + 1, rest.end());
  if (args.empty()) args.push_back("help");
  if (const absl::Status s = tillstream::ApplySecurityFlags(); !s.ok()) {
    std::cerr << "posctl: " << s.message() << "\n";
    return 2;
  }
  return tillstream::Run(args);
}
