// A posd (ServerApp) on a free loopback port against the test database, with
// an org of its own (one store s1, one till t1, one item A1 at 1.19 EUR), and
// helpers to talk to it.
#ifndef TILLSTREAM_TESTS_SUPPORT_SERVER_FIXTURE_H_
#define TILLSTREAM_TESTS_SUPPORT_SERVER_FIXTURE_H_

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "client/channel.h"
#include "client/till_client.h"
#include "client/till_enrolment.h"
#include "common/ids.h"
#include "pos/v1/pos.grpc.pb.h"
#include "server/domain/identity/api_key.h"
#include "server/server_app.h"
#include "server/storage/pg_key_repository.h"
#include "tests/support/pg_environment.h"
#include "tests/support/test_certs.h"

namespace tillstream::testing {

using pos::v1::TillRequest;

// A key of `role` for `org_id` (empty: platform-wide), stored straight
// through the key repository; the whole key text.
inline std::string MakeKey(Role role, const std::string& org_id,
                           const std::string& name = "test key") {
  auto db = PgPool::Open(PgEnvironment::url(), 1);
  if (!db.ok()) throw std::runtime_error(std::string(db.status().message()));
  PgKeyRepository keys(db->get());
  ApiKey key;
  key.name = name;
  key.role = role;
  key.org_id = org_id;
  key.created_by = "tests";
  NewKey made = MakeNewKey(key, NewUuid());
  auto stored = keys.CreateKey(made.stored);
  if (!stored.ok()) throw std::runtime_error(std::string(stored.status().message()));
  return made.text;
}

// The platform_admin key the tests' admin calls carry, one per test binary.
inline const std::string& AdminKey() {
  static const std::string* key = new std::string(MakeKey(Role::kPlatformAdmin, ""));
  return *key;
}

// A posd on a free loopback port against the test database, over TLS with
// the test CA (which this process's channels then trust).
inline absl::StatusOr<std::unique_ptr<ServerApp>> StartTestServer(
    const std::function<void(ServerConfig&)>& tweak = nullptr) {
  ServerConfig config;
  config.listen = "127.0.0.1:0";
  config.database_url = PgEnvironment::url();
  const TestCerts& certs = TestCerts::Get();
  config.transport = certs.server_transport();
  certs.TrustInThisProcess();
  config.workers = 4;
  config.db_connections = 4;
  config.drain = std::chrono::seconds(5);
  if (tweak) tweak(config);
  return ServerApp::Start(config);
}

// A deadline and the platform key on a unary call's context.
inline void Authorize(grpc::ClientContext* ctx) {
  SetDeadline(ctx, std::chrono::seconds(20));
  ctx->AddMetadata("authorization", "Bearer " + AdminKey());
}

// Runs call(i, channel) on n threads, thread i talking to
// targets[i % targets.size()]: every thread connects first, then all are
// released together, so the calls really race.
inline void RaceCalls(
    int n, const std::vector<std::string>& targets,
    const std::function<void(int, const std::shared_ptr<grpc::Channel>&)>& call) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      auto channel = MakeChannel(targets[i % targets.size()]);
      channel->WaitForConnected(std::chrono::system_clock::now() +
                                std::chrono::seconds(10));
      ++ready;
      while (!go.load()) std::this_thread::yield();
      call(i, channel);
    });
  }
  while (ready.load() < n) std::this_thread::yield();
  go = true;
  for (auto& t : threads) t.join();
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto app = StartTestServer();
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = *std::move(app);
    target_ = "127.0.0.1:" + std::to_string(app_->port());
    admin_ = pos::v1::AdminService::NewStub(MakeChannel(target_));
    org_ = PgEnvironment::UniqueId("g");

    pos::v1::CreateOrgRequest o;
    o.set_org_id(org_);
    o.set_name("Grpc org");
    o.set_currency("EUR");
    o.set_time_zone("Europe/Berlin");
    ASSERT_TRUE(AdminCall(&pos::v1::AdminService::Stub::CreateOrg, o).ok());
    ASSERT_TRUE(AddStore("s1").ok());
    ASSERT_TRUE(AddTill("s1", "t1").ok());
    ASSERT_TRUE(SetPrice(119).ok());
  }

  grpc::Status AddStore(const std::string& store) {
    pos::v1::CreateStoreRequest s;
    s.set_org_id(org_);
    s.set_store_id(store);
    s.set_name("Store " + store);
    return AdminCall(&pos::v1::AdminService::Stub::CreateStore, s);
  }
  grpc::Status AddTill(const std::string& store, const std::string& till) {
    pos::v1::CreateTillRequest t;
    t.set_org_id(org_);
    t.set_store_id(store);
    t.set_till_id(till);
    return AdminCall(&pos::v1::AdminService::Stub::CreateTill, t);
  }

  // A1 (milk, barcode 4001) at `price` in `catalog` (empty: main).
  grpc::Status SetPrice(int64_t price, const std::string& catalog = "",
                        pos::v1::UpsertItemsResponse* resp = nullptr) {
    pos::v1::UpsertItemsRequest up;
    up.set_org_id(org_);
    up.set_catalog_id(catalog);
    auto* item = up.add_items();
    item->set_sku("A1");
    item->set_name("Milk");
    item->mutable_unit_price()->set_minor_units(price);
    item->mutable_unit_price()->set_currency("EUR");
    item->set_tax_rate_bp(700);
    item->set_unit(pos::v1::EACH);
    item->add_barcodes("4001");
    return AdminCall(&pos::v1::AdminService::Stub::UpsertItems, up, AdminKey(), resp);
  }

  // One admin RPC with deadline and key; the answer goes to *resp when given.
  template <typename Req, typename Resp>
  grpc::Status AdminCall(grpc::Status (pos::v1::AdminService::Stub::*method)(
                             grpc::ClientContext*, const Req&, Resp*),
                         const Req& req, const std::string& token = AdminKey(),
                         Resp* resp = nullptr) {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(10));
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    Resp ignored;
    return (admin_.get()->*method)(&ctx, req, resp != nullptr ? resp : &ignored);
  }

  // The certificate of `till` of store `store`, enrolled once per test
  // through posd with an enrolment code, as a real till enrols.
  const TillCredential& TillCert(const std::string& till = "t1",
                                 const std::string& store = "s1") {
    auto& cached = till_certs_[store + "/" + till];
    if (cached.empty()) {
      auto enrolled = EnrolWithKey(target_, AdminKey(), TillRef{org_, store, till},
                                   std::chrono::seconds(20));
      if (!enrolled.ok())
        ADD_FAILURE() << "enrolling " << till << ": " << enrolled.status();
      if (enrolled.ok()) cached = enrolled->credential;
    }
    return cached;
  }
  // A channel that presents `till`'s certificate, for raw till streams.
  std::shared_ptr<grpc::Channel> TillChannel(const std::string& till = "t1") {
    return MakeChannel(target_, TillCert(till));
  }

  // Not thread-safe (it may enrol the till): take options before racing.
  TillClientOptions Options(const std::string& till = "t1",
                            const std::string& store = "s1") {
    TillClientOptions o;
    o.server = target_;
    o.org_id = org_;
    o.store_id = store;
    o.till_id = till;
    o.credential = TillCert(till, store);
    o.timeout = std::chrono::seconds(10);
    o.max_attempts = 3;
    return o;
  }

  // `till` fetches its store's catalog, every page of it, and says it holds
  // it, as pos-terminal does when it connects: the version it now holds.
  int HoldCatalog(const std::string& till = "t1", const std::string& store = "s1") {
    TillClient client(Options(till, store));
    if (auto hello = client.Connect(); !hello.ok()) {
      ADD_FAILURE() << hello.status();
      return 0;
    }
    TillRequest fetch;
    fetch.mutable_fetch_catalog();  // holding nothing: a snapshot
    pos::v1::CatalogDelta page;
    do {
      auto answer = client.Call(fetch);
      if (!answer.ok()) {
        ADD_FAILURE() << "fetch_catalog: " << answer.status();
        return 0;
      }
      page = answer->catalog();
      fetch.mutable_fetch_catalog()->set_to_version(page.to_version());
      fetch.mutable_fetch_catalog()->set_after_sku(page.last_sku());
    } while (page.more());
    TillRequest held;
    held.mutable_catalog_held()->set_catalog_id(page.catalog_id());
    held.mutable_catalog_held()->set_version(page.to_version());
    if (auto ack = client.Call(held); !ack.ok()) ADD_FAILURE() << ack.status();
    return page.to_version();
  }

  TillRequest Hello(const std::string& correlation_id, const std::string& till = "t1") {
    TillRequest r;
    r.set_correlation_id(correlation_id);
    r.mutable_hello()->set_org_id(org_);
    r.mutable_hello()->set_store_id("s1");
    r.mutable_hello()->set_till_id(till);
    return r;
  }

  TillRequest Scan(const std::string& barcode, int64_t qty = 1000) {
    TillRequest r;
    r.mutable_scan()->set_barcode(barcode);
    r.mutable_scan()->set_quantity_milli(qty);
    return r;
  }

  TillRequest Submit(const std::string& bill_id, int qty_units, int64_t total) {
    TillRequest r;
    auto* b = r.mutable_submit_bill();
    b->set_bill_id(bill_id);
    b->set_bill_number("t1-" + bill_id.substr(0, 8));
    // One fixed time per test, so that a resent bill is the very same bill.
    b->mutable_billing_time()->set_seconds(absl::ToUnixSeconds(now_));
    auto* line = b->add_lines();
    line->set_line_no(1);
    line->set_sku("A1");
    line->set_quantity_milli(qty_units * 1000);
    auto* cash = b->add_tenders();
    cash->set_type(pos::v1::CASH);
    cash->mutable_amount()->set_minor_units(total);
    cash->mutable_amount()->set_currency("EUR");
    b->mutable_client_total()->set_minor_units(total);
    b->mutable_client_total()->set_currency("EUR");
    return r;
  }

  std::string CountBills() {
    return PgEnvironment::Query("SELECT count(*) FROM bills WHERE org_id = $1", org_);
  }

  const absl::Time now_ = absl::Now();
  std::unique_ptr<ServerApp> app_;
  std::string target_;
  std::unique_ptr<pos::v1::AdminService::Stub> admin_;
  std::string org_;
  std::map<std::string, TillCredential> till_certs_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_SERVER_FIXTURE_H_
