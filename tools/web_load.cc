// web-load: N concurrent partner clients against a running posd, each doing
// whole web flows: create a user, an invoice of two items paid in full,
// commit, redeem one item, then record an ERP sale for that user and a
// refund of one of its units. Prints flows/s and per-call latency. A
// measuring tool, not a test.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "client/api_key_flag.h"
#include "client/channel.h"
#include "client/security_flags.h"
#include "common/env.h"
#include "common/ids.h"
#include "pos/v1/invoices.grpc.pb.h"
#include "pos/v1/pos.grpc.pb.h"
#include "pos/v1/purchases.grpc.pb.h"
#include "tools/latency.h"

using tillstream::EnvOr;

ABSL_FLAG(std::string, server, EnvOr("POS_SERVER", "127.0.0.1:50051"), "posd address");
ABSL_FLAG(std::string, org, "weborg", "org to use (created if missing)");
ABSL_FLAG(int, clients, 16, "concurrent clients (1..1000)");
ABSL_FLAG(int, flows, 20, "flows per client");

namespace tillstream {
namespace {

// One call with deadline and token; its latency goes to `ms`.
template <typename Stub, typename Req, typename Resp>
grpc::Status Timed(Stub* stub,
                   grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                   const Req& req, Resp* resp, std::vector<double>* ms) {
  grpc::ClientContext ctx;
  SetDeadline(&ctx, std::chrono::seconds(60));
  AddApiKey(&ctx);
  const auto start = std::chrono::steady_clock::now();
  grpc::Status s = (stub->*method)(&ctx, req, resp);
  if (ms != nullptr) {
    ms->push_back(std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - start)
                      .count());
  }
  return s;
}

pos::v1::Money Eur(int64_t minor) {
  pos::v1::Money m;
  m.set_minor_units(minor);
  m.set_currency("EUR");
  return m;
}

bool Setup(const std::string& org) {
  auto admin = pos::v1::AdminService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  pos::v1::CreateOrgRequest o;
  o.set_org_id(org);
  o.set_name("Web load");
  o.set_currency("EUR");
  o.set_time_zone("Europe/Berlin");
  pos::v1::Org org_out;
  grpc::Status s =
      Timed(admin.get(), &pos::v1::AdminService::Stub::CreateOrg, o, &org_out, nullptr);
  pos::v1::CreateStoreRequest st;
  st.set_org_id(org);
  st.set_store_id("web");
  st.set_name("Web shop");
  pos::v1::Store store_out;
  if (s.ok()) {
    s = Timed(admin.get(), &pos::v1::AdminService::Stub::CreateStore, st, &store_out,
              nullptr);
  }
  if (!s.ok()) std::cerr << "web-load: setup failed: " << s.error_message() << "\n";
  return s.ok();
}

using Samples = std::map<std::string, std::vector<double>>;

// One client's flows; false on the first error (printed).
bool RunClient(const std::string& org, const std::string& run, int client, int flows,
               Samples* out) {
  auto channel = MakeChannel(absl::GetFlag(FLAGS_server));
  auto invoices = pos::v1::InvoiceService::NewStub(channel);
  auto purchases = pos::v1::PurchaseService::NewStub(channel);
  for (int f = 0; f < flows; ++f) {
    const std::string tag = absl::StrCat(run, "-", client, "-", f);
    auto fail = [&](const char* what, const grpc::Status& s) {
      std::cerr << "web-load: " << what << " " << tag << ": " << s.error_message()
                << "\n";
      return false;
    };
    pos::v1::CreateUserRequest cu;
    cu.set_org_id(org);
    cu.set_name("Load user");
    cu.set_email(absl::StrCat(tag, "@load.example"));
    pos::v1::User user;
    grpc::Status s = Timed(invoices.get(), &pos::v1::InvoiceService::Stub::CreateUser, cu,
                           &user, &(*out)["create user"]);
    if (!s.ok()) return fail("create user", s);
    pos::v1::BeginInvoiceRequest begin;
    begin.set_org_id(org);
    begin.set_request_id("b-" + tag);
    begin.set_customer_id(user.customer().customer_id());
    pos::v1::Invoice inv;
    s = Timed(invoices.get(), &pos::v1::InvoiceService::Stub::BeginInvoice, begin, &inv,
              &(*out)["begin"]);
    if (!s.ok()) return fail("begin", s);
    pos::v1::AddItemsRequest items;
    items.set_org_id(org);
    items.set_invoice_id(inv.invoice_id());
    items.set_request_id("i-" + tag);
    for (const auto& [sku, cost] :
         {std::pair<const char*, int64_t>{"COURSE", 4900}, {"BOOK", 1990}}) {
      auto* item = items.add_items();
      item->set_sku(sku);
      item->set_name(sku);
      *item->mutable_unit_cost() = Eur(cost);
      item->set_quantity(1);
      item->set_access_days(90);
    }
    s = Timed(invoices.get(), &pos::v1::InvoiceService::Stub::AddItems, items, &inv,
              &(*out)["add items"]);
    if (!s.ok()) return fail("add items", s);
    pos::v1::AddPaymentsRequest pay;
    pay.set_org_id(org);
    pay.set_invoice_id(inv.invoice_id());
    pay.set_request_id("p-" + tag);
    auto* p = pay.add_payments();
    p->set_payee("Web load");
    *p->mutable_amount() = Eur(6890);
    p->set_processor("stripe");
    p->set_processor_transaction_id("ch-" + tag);
    p->mutable_paid_at()->set_seconds(absl::ToUnixSeconds(absl::Now()));
    s = Timed(invoices.get(), &pos::v1::InvoiceService::Stub::AddPayments, pay, &inv,
              &(*out)["add payment"]);
    if (!s.ok()) return fail("add payment", s);
    pos::v1::CommitInvoiceRequest commit;
    commit.set_org_id(org);
    commit.set_invoice_id(inv.invoice_id());
    s = Timed(invoices.get(), &pos::v1::InvoiceService::Stub::CommitInvoice, commit, &inv,
              &(*out)["commit"]);
    if (!s.ok()) return fail("commit", s);
    pos::v1::RedeemItemRequest redeem;
    redeem.set_org_id(org);
    redeem.set_redemption_code(inv.items(0).redemption_code());
    redeem.set_customer_id(user.customer().customer_id());
    redeem.set_request_id("r-" + tag);
    pos::v1::ItemRedemption redeemed;
    s = Timed(invoices.get(), &pos::v1::InvoiceService::Stub::RedeemItem, redeem,
              &redeemed, &(*out)["redeem"]);
    if (!s.ok()) return fail("redeem", s);

    // An ERP sale of 3 x 10.00 for the user, then one unit back.
    for (int refund = 0; refund < 2; ++refund) {
      pos::v1::RecordPurchaseRequest rp;
      rp.set_org_id(org);
      auto* pu = rp.mutable_purchase();
      pu->set_source("erp");
      pu->set_external_transaction_id((refund ? "R-" : "S-") + tag);
      pu->set_store_id("web");
      pu->mutable_purchase_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
      pu->set_channel(pos::v1::CHANNEL_WEB);
      if (!refund) pu->set_email(cu.email());
      const int64_t units = refund ? -1 : 3;
      auto* l = pu->add_lines();
      l->set_line_no(1);
      l->set_sku("A");
      l->set_name("A");
      l->mutable_quantity()->set_milli(units * 1000);
      l->mutable_quantity()->set_unit(pos::v1::EACH);
      *l->mutable_unit_price() = Eur(1000);
      *l->mutable_extended_price() = Eur(units * 1000);
      *l->mutable_item_discount() = Eur(0);
      *l->mutable_sale_discount_share() = Eur(0);
      if (refund) {
        l->set_is_refund(true);
        l->set_refunds_transaction_id("S-" + tag);
        l->set_refunds_line_no(1);
      }
      *pu->mutable_sub_total() = Eur(refund ? 0 : 3000);
      *pu->mutable_item_discount() = Eur(0);
      *pu->mutable_sale_discount() = Eur(0);
      *pu->mutable_tax() = Eur(0);
      *pu->mutable_refund_amount() = Eur(refund ? -1000 : 0);
      *pu->mutable_amount_paid() = Eur(refund ? -1000 : 3000);
      pu->set_prices_include_tax(true);
      pos::v1::PurchaseRecord rec;
      s = Timed(purchases.get(), &pos::v1::PurchaseService::Stub::RecordPurchase, rp,
                &rec, &(*out)[refund ? "purchase refund" : "purchase sale"]);
      if (!s.ok()) return fail("record purchase", s);
    }
  }
  return true;
}

int Run() {
  const std::string org = absl::GetFlag(FLAGS_org);
  const int clients = std::clamp(absl::GetFlag(FLAGS_clients), 1, 1000);
  const int flows = std::max(1, absl::GetFlag(FLAGS_flows));
  if (!Setup(org)) return 1;
  const std::string run = NewUuid().substr(0, 8);
  std::vector<Samples> samples(clients);
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      if (!RunClient(org, run, c, flows, &samples[c])) ++failed;
    });
  }
  for (auto& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Samples all;
  for (const auto& s : samples) {
    for (const auto& [k, v] : s) all[k].insert(all[k].end(), v.begin(), v.end());
  }
  std::cout << absl::StrFormat(
      "clients=%d flows=%d failed_clients=%d elapsed=%.2fs flows/s=%.1f calls/s=%.1f\n",
      clients, clients * flows, failed.load(), seconds, clients * flows / seconds,
      clients * flows * 8 / seconds);
  for (const auto& [k, v] : all) {
    std::cout << absl::StrFormat("%-16s ms: ", k) << LatencySummary(v) << "\n";
  }
  return failed.load() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace tillstream

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "web-load: concurrent web-shop and ERP flows against posd; prints flows/s and "
      "latency per call");
  absl::ParseCommandLine(argc, argv);
  if (const absl::Status s = tillstream::ApplySecurityFlags(); !s.ok()) {
    std::cerr << "web-load: " << s.message() << "\n";
    return 2;
  }
  return tillstream::Run();
}
