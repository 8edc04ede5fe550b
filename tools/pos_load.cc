// pos-load: drives N concurrent till sessions against a running posd, each
// ringing up bills of K lines, and prints bills/s and the latency of scans
// and bill commits. A measuring tool, not a test.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "client/api_key_flag.h"
#include "client/channel.h"
#include "client/register.h"
#include "client/security_flags.h"
#include "client/till_client.h"
#include "client/till_enrolment.h"
#include "common/env.h"
#include "common/ids.h"
#include "pos/v1/pos.grpc.pb.h"
#include "tools/latency.h"

using tillstream::EnvOr;

ABSL_FLAG(std::string, server, EnvOr("POS_SERVER", "127.0.0.1:50051"),
          "posd address; several, comma-separated, spread the tills over them");
ABSL_FLAG(std::string, org, "loadorg", "org to ring up in (created by --setup)");
ABSL_FLAG(int, tills, 16, "concurrent till sessions (1..1000)");
ABSL_FLAG(int, lines, 3, "lines per bill");
ABSL_FLAG(int, bills, 20, "bills per till");
ABSL_FLAG(int, reconnects, 0,
          "first, till 0 connects this many times one after another, each on a new "
          "connection (TCP, TLS handshake unless --insecure, hello), and the time of "
          "each is printed as 'reconnect ms'");
ABSL_FLAG(int, items, 200, "catalog size created by --setup");
ABSL_FLAG(bool, setup, true,
          "create the org, stores, tills and catalog first (idempotent)");
ABSL_FLAG(int, customers, 0,
          "enrol this many customers and put one on every bill (points are earned "
          "in the bill's transaction); 0: anonymous bills");
ABSL_FLAG(std::string, shared_numbers, "",
          "race mode: bill b of every till gets the number <this>-<b>, so that with "
          "unique numbers exactly one till wins each; ALREADY_EXISTS is then expected");

namespace tillstream {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kTillsPerStore = 50;

std::string StoreId(int till) { return absl::StrFormat("ls%03d", till / kTillsPerStore); }
std::string TillId(int till) { return absl::StrFormat("lt%04d", till); }
std::string Barcode(int item) { return absl::StrFormat("L%07d", item); }

std::vector<std::string> Servers() {
  return absl::StrSplit(absl::GetFlag(FLAGS_server), ',', absl::SkipEmpty());
}

class AdminClient {
 public:
  AdminClient() : stub_(pos::v1::AdminService::NewStub(MakeChannel(Servers().front()))) {}
  template <typename Req, typename Resp, typename Method>
  absl::Status Call(Method method, const Req& req) {
    Resp resp;
    return Call(method, req, &resp);
  }
  template <typename Req, typename Resp, typename Method>
  absl::Status Call(Method method, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(60));
    AddApiKey(&ctx);
    return FromGrpcStatus((stub_.get()->*method)(&ctx, req, resp));
  }

 private:
  std::unique_ptr<pos::v1::AdminService::Stub> stub_;
};

absl::Status Setup(const std::string& org, int tills, int items) {
  using Stub = pos::v1::AdminService::Stub;
  AdminClient admin;
  pos::v1::CreateOrgRequest o;
  o.set_org_id(org);
  o.set_name("Load test org");
  o.set_currency("EUR");
  o.set_time_zone("UTC");
  if (auto s = admin.Call<pos::v1::CreateOrgRequest, pos::v1::Org>(&Stub::CreateOrg, o);
      !s.ok())
    return s;
  for (int t = 0; t < tills; ++t) {
    if (t % kTillsPerStore == 0) {
      pos::v1::CreateStoreRequest st;
      st.set_org_id(org);
      st.set_store_id(StoreId(t));
      st.set_name(absl::StrCat("Load store ", StoreId(t)));
      if (auto s = admin.Call<pos::v1::CreateStoreRequest, pos::v1::Store>(
              &Stub::CreateStore, st);
          !s.ok())
        return s;
    }
    pos::v1::CreateTillRequest tr;
    tr.set_org_id(org);
    tr.set_store_id(StoreId(t));
    tr.set_till_id(TillId(t));
    if (auto s =
            admin.Call<pos::v1::CreateTillRequest, pos::v1::Till>(&Stub::CreateTill, tr);
        !s.ok())
      return s;
  }
  pos::v1::UpsertItemsRequest up;
  up.set_org_id(org);
  for (int i = 0; i < items; ++i) {
    auto* item = up.add_items();
    item->set_sku(absl::StrFormat("LS%05d", i));
    item->set_name(absl::StrCat("Load item ", i));
    item->mutable_unit_price()->set_minor_units(99 + (i * 37) % 2000);
    item->mutable_unit_price()->set_currency("EUR");
    item->set_tax_rate_bp(i % 3 == 0 ? 700 : 1900);
    item->set_unit(pos::v1::EACH);
    item->add_barcodes(Barcode(i));
  }
  return admin.Call<pos::v1::UpsertItemsRequest, pos::v1::UpsertItemsResponse>(
      &Stub::UpsertItems, up);
}

// Enrols (or finds: enrolment is idempotent) `n` customers; their ids.
absl::StatusOr<std::vector<std::string>> Customers(const std::string& org, int n) {
  AdminClient admin;
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    pos::v1::EnrolCustomerRequest req;
    req.set_org_id(org);
    req.mutable_customer()->set_name(absl::StrCat("Load customer ", i));
    req.mutable_customer()->set_mobile(absl::StrFormat("+49153%08d", i));
    pos::v1::CustomerProfile profile;
    auto s = admin.Call(&pos::v1::AdminService::Stub::EnrolCustomer, req, &profile);
    if (!s.ok()) return s;
    ids.push_back(profile.customer().customer_id());
  }
  return ids;
}

// Each till's certificate, enrolled afresh with a code per till (the real
// path, on 8 threads); none on a plaintext posd.
absl::StatusOr<std::vector<TillCredential>> EnrolTills(const std::string& org,
                                                       int tills) {
  std::vector<TillCredential> credentials(tills);
  if (PlaintextFromFlags()) return credentials;
  std::atomic<int> next{0};
  std::mutex mu;
  absl::Status failure;
  std::vector<std::thread> threads;
  for (int w = 0; w < 8; ++w) {
    threads.emplace_back([&] {
      for (int t = next++; t < tills; t = next++) {
        auto enrolled =
            EnrolWithKey(Servers().front(), ApiKeyFromFlags(),
                         TillRef{org, StoreId(t), TillId(t)}, std::chrono::seconds(30));
        std::lock_guard<std::mutex> lock(mu);
        if (enrolled.ok()) {
          credentials[t] = enrolled->credential;
        } else if (failure.ok()) {
          failure = enrolled.status();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  if (!failure.ok()) return failure;
  return credentials;
}

struct Samples {
  std::vector<double> scan_ms;
  std::vector<double> commit_ms;
  int bills = 0;
  int errors = 0;
  int duplicates = 0;  // ALREADY_EXISTS in race mode
  std::string first_error;
};

// What a till's reconnect costs: a new connection and hello, `n` times in a
// row from one till; the milliseconds of each.
std::vector<double> Reconnects(int n, const TillCredential& credential) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    TillClientOptions options;
    options.credential = credential;
    options.server = Servers().front();
    options.org_id = absl::GetFlag(FLAGS_org);
    options.store_id = StoreId(0);
    options.till_id = TillId(0);
    options.timeout = std::chrono::seconds(10);
    const auto t0 = Clock::now();
    TillClient client(options);
    if (!client.Connect().ok()) continue;
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return ms;
}

void RunTill(int till, int bills, int lines, int items,
             const std::vector<std::string>& customers, const TillCredential& credential,
             std::mutex& gate_mu, std::condition_variable& gate, bool& go,
             std::atomic<int>& ready, Samples* out) {
  TillClientOptions options;
  const std::vector<std::string> servers = Servers();
  options.server = servers[till % servers.size()];
  options.org_id = absl::GetFlag(FLAGS_org);
  options.store_id = StoreId(till);
  options.till_id = TillId(till);
  options.timeout = std::chrono::seconds(60);
  options.credential = credential;
  TillClient client(options);
  auto hello = client.Connect();
  ++ready;
  {
    std::unique_lock<std::mutex> lock(gate_mu);
    gate.wait(lock, [&] { return go; });
  }
  if (!hello.ok()) {
    out->errors++;
    out->first_error = std::string(hello.status().message());
    return;
  }
  const auto ms = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  };
  for (int b = 0; b < bills; ++b) {
    Register reg;
    if (!customers.empty())
      reg.set_customer_id(customers[(till * bills + b) % customers.size()]);
    bool ok = true;
    for (int l = 0; l < lines && ok; ++l) {
      pos::v1::TillRequest scan;
      scan.mutable_scan()->set_barcode(Barcode((till * 7919 + b * 31 + l * 17) % items));
      const auto t0 = Clock::now();
      auto r = client.Call(scan);
      out->scan_ms.push_back(ms(t0, Clock::now()));
      if (!r.ok()) {
        ok = false;
        out->errors++;
        if (out->first_error.empty())
          out->first_error = std::string(r.status().message());
        break;
      }
      reg.AddLine(r->scanned());
    }
    if (!ok) continue;
    pos::v1::TenderInput cash;
    cash.set_type(pos::v1::CASH);
    cash.mutable_amount()->set_minor_units(reg.Total());
    cash.mutable_amount()->set_currency("EUR");
    reg.AddTender(cash);
    const std::string shared = absl::GetFlag(FLAGS_shared_numbers);
    const std::string number =
        shared.empty()
            ? absl::StrCat(TillId(till), "-", absl::ToUnixMicros(absl::Now()), "-", b)
            : absl::StrCat(shared, "-", b);
    pos::v1::TillRequest submit;
    *submit.mutable_submit_bill() = reg.BuildBill(NewUuid(), number, absl::Now(), "EUR");
    const auto t0 = Clock::now();
    auto r = client.Call(submit);
    out->commit_ms.push_back(ms(t0, Clock::now()));
    if (r.ok()) {
      out->bills++;
    } else if (!shared.empty() && r.status().code() == absl::StatusCode::kAlreadyExists) {
      out->duplicates++;
    } else {
      out->errors++;
      if (out->first_error.empty()) out->first_error = std::string(r.status().message());
    }
  }
  client.Close().IgnoreError();
}

int Run() {
  const int tills = absl::GetFlag(FLAGS_tills);
  const int lines = absl::GetFlag(FLAGS_lines);
  const int bills = absl::GetFlag(FLAGS_bills);
  const int items = absl::GetFlag(FLAGS_items);
  if (tills < 1 || tills > 1000 || lines < 1 || lines > 500 || bills < 1 || items < 1) {
    std::cerr << "pos-load: need 1 <= tills <= 1000, 1 <= lines <= 500, bills >= 1\n";
    return 2;
  }
  if (absl::GetFlag(FLAGS_setup)) {
    if (auto s = Setup(absl::GetFlag(FLAGS_org), tills, items); !s.ok()) {
      std::cerr << "pos-load: setup failed: " << s << "\n";
      return 1;
    }
  }
  auto customers = Customers(absl::GetFlag(FLAGS_org), absl::GetFlag(FLAGS_customers));
  if (!customers.ok()) {
    std::cerr << "pos-load: enrolling customers failed: " << customers.status() << "\n";
    return 1;
  }
  auto credentials = EnrolTills(absl::GetFlag(FLAGS_org), tills);
  if (!credentials.ok()) {
    std::cerr << "pos-load: enrolling the tills failed: " << credentials.status() << "\n";
    return 1;
  }
  if (const int n = absl::GetFlag(FLAGS_reconnects); n > 0) {
    std::cout << "reconnect ms: " << LatencySummary(Reconnects(n, (*credentials)[0]))
              << "\n";
  }
  std::vector<Samples> samples(tills);
  std::vector<std::thread> threads;
  std::mutex gate_mu;
  std::condition_variable gate;
  bool go = false;
  std::atomic<int> ready{0};
  for (int t = 0; t < tills; ++t) {
    threads.emplace_back(RunTill, t, bills, lines, items, std::cref(*customers),
                         std::cref((*credentials)[t]), std::ref(gate_mu), std::ref(gate),
                         std::ref(go), std::ref(ready), &samples[t]);
  }
  while (ready.load() < tills) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto start = Clock::now();
  {
    std::lock_guard<std::mutex> lock(gate_mu);
    go = true;
  }
  gate.notify_all();
  for (auto& th : threads) th.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  Samples all;
  for (auto& s : samples) {
    all.scan_ms.insert(all.scan_ms.end(), s.scan_ms.begin(), s.scan_ms.end());
    all.commit_ms.insert(all.commit_ms.end(), s.commit_ms.begin(), s.commit_ms.end());
    all.bills += s.bills;
    all.errors += s.errors;
    all.duplicates += s.duplicates;
    if (all.first_error.empty()) all.first_error = s.first_error;
  }
  std::cout
      << absl::StrFormat(
             "tills=%d lines/bill=%d bills=%d errors=%d elapsed=%.2fs bills/s=%.1f\n",
             tills, lines, all.bills, all.errors, seconds, all.bills / seconds)
      << "scan   ms: " << LatencySummary(all.scan_ms) << "\n"
      << "commit ms: " << LatencySummary(all.commit_ms) << "\n";
  if (!absl::GetFlag(FLAGS_shared_numbers).empty()) {
    std::cout << "race: stored=" << all.bills << " already_exists=" << all.duplicates
              << " other_errors=" << all.errors << "\n";
  }
  if (all.errors > 0) std::cout << "first error: " << all.first_error << "\n";
  return all.errors > 0 ? 1 : 0;
}

}  // namespace
}  // namespace tillstream

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("tillstream load generator");
  absl::ParseCommandLine(argc, argv);
  if (const absl::Status s = tillstream::ApplySecurityFlags(); !s.ok()) {
    std::cerr << "pos-load: " << s.message() << "\n";
    return 2;
  }
  return tillstream::Run();
}
