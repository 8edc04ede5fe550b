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
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/env.h"
#include "common/money.h"
#include "pos/v1/pos.grpc.pb.h"
#include "terminal/client_util.h"
#include "terminal/register.h"
#include "tools/catalog_csv.h"

using tillstream::EnvOr;

ABSL_FLAG(std::string, server, EnvOr("POS_SERVER", "127.0.0.1:50051"),
          "posd address (env POS_SERVER)");
ABSL_FLAG(std::string, admin_token, EnvOr("POS_ADMIN_TOKEN", ""),
          "admin bearer token (env POS_ADMIN_TOKEN)");
ABSL_FLAG(int, timeout_ms, 30000, "deadline per call");

namespace tillstream {
namespace {

constexpr char kUsage[] = R"(posctl [flags] COMMAND ARGS...

Commands:
  create-org ORG NAME CURRENCY TIME_ZONE
  create-store ORG STORE NAME
  create-till ORG STORE TILL
  load-catalog ORG CURRENCY FILE.csv   (sku,name,price,tax_percent,unit,barcodes)
  create-customer ORG NAME MOBILE [EMAIL]
  list-bills ORG DATE [STORE]          (DATE as YYYY-MM-DD, the org's business day)
  show-bill ORG BILL_ID
  day-summary ORG DATE
)";

class Admin {
 public:
  Admin()
      : stub_(pos::v1::AdminService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)))) {}

  // Runs one RPC with deadline and token; prints the error and returns false
  // when it fails.
  template <typename Req, typename Resp, typename Method>
  bool Call(Method method, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
    const std::string token = absl::GetFlag(FLAGS_admin_token);
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    const grpc::Status status = (stub_.get()->*method)(&ctx, req, resp);
    if (!status.ok()) {
      std::cerr << "posctl: " << absl::StatusCodeToString(FromGrpcStatus(status).code())
                << ": " << status.error_message() << "\n";
      return false;
    }
    return true;
  }

 private:
  std::unique_ptr<pos::v1::AdminService::Stub> stub_;
};

const char* TenderName(pos::v1::TenderType t) {
  switch (t) {
    case pos::v1::CASH:
      return "cash (net of change)";
    case pos::v1::CARD:
      return "card";
    case pos::v1::VOUCHER:
      return "voucher";
    default:
      return "other";
  }
}

std::string M(const pos::v1::Money& m) {
  return FormatMoney(m.minor_units(), m.currency());
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
  int inserted = 0, updated = 0, unchanged = 0;
  for (size_t i = 0; i < items->size(); i += kBatch) {
    pos::v1::UpsertItemsRequest req;
    req.set_org_id(a[1]);
    for (size_t k = i; k < std::min(items->size(), i + kBatch); ++k) {
      *req.add_items() = (*items)[k];
    }
    pos::v1::UpsertItemsResponse resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::UpsertItems, req, &resp)) return 1;
    inserted += resp.inserted();
    updated += resp.updated();
    unchanged += resp.unchanged();
  }
  std::cout << "catalog " << a[1] << ": " << inserted << " inserted, " << updated
            << " updated, " << unchanged << " unchanged\n";
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
  std::cout << "Tenders:\n";
  for (const auto& t : resp.tenders()) {
    std::cout << absl::StrFormat("  %-22s %14s\n", TenderName(t.type()), M(t.amount()));
  }
  return 0;
}

int Run(const std::vector<std::string>& a) {
  static const std::map<std::string, size_t> kArity = {
      {"create-org", 5},   {"create-store", 4},    {"create-till", 4},
      {"load-catalog", 4}, {"create-customer", 4}, {"list-bills", 3},
      {"show-bill", 3},    {"day-summary", 3}};
  const std::string& cmd = a[0];
  const auto arity = kArity.find(cmd);
  if (arity == kArity.end()) {
    if (cmd != "help") std::cerr << "posctl: unknown command '" << cmd << "'\n";
    std::cerr << kUsage;
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
  if (cmd == "create-customer") {
    pos::v1::CreateCustomerRequest req;
    req.set_org_id(a[1]);
    req.set_name(a[2]);
    req.set_mobile(a[3]);
    if (a.size() > 4) req.set_email(a[4]);
    pos::v1::Customer resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::CreateCustomer, req, &resp)) return 1;
    std::cout << "customer " << resp.customer_id() << " " << resp.name() << "\n";
    return 0;
  }
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
  return tillstream::Run(args);
}
