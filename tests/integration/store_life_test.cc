// Stores as locations through posd: a store's derived status through its
// life, tills that sell only at READY enabled stores, archived stores that
// answer reads only, catalogs per store whose version each bill records.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "client/till_client.h"
#include "common/ids.h"
#include "pos/v1/locations.grpc.pb.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::LocationService;
using pos::v1::TillRequest;
using testing::AdminKey;
using testing::PgEnvironment;

class StoreLifeTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    locations_ = LocationService::NewStub(MakeChannel(target_));
  }

  template <typename Req, typename Resp>
  grpc::Status Loc(grpc::Status (LocationService::Stub::*method)(grpc::ClientContext*,
                                                                 const Req&, Resp*),
                   const Req& req, Resp* resp, const std::string& key = AdminKey()) {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(10));
    ctx.AddMetadata("authorization", "Bearer " + key);
    return (locations_.get()->*method)(&ctx, req, resp);
  }

  pos::v1::Store Get(const std::string& store) {
    pos::v1::GetStoreRequest req;
    req.set_org_id(org_);
    req.set_store_id(store);
    pos::v1::Store s;
    const grpc::Status st = Loc(&LocationService::Stub::GetStore, req, &s);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return s;
  }

  grpc::Status Update(const std::string& store, const std::string& field,
                      const pos::v1::Store& values, pos::v1::Store* after = nullptr) {
    pos::v1::UpdateStoreRequest req;
    req.set_org_id(org_);
    req.set_store_id(store);
    if (field == "archive") {
      req.set_archive(true);
    } else {
      req.add_set(field);
      *req.mutable_values() = values;
    }
    pos::v1::Store ignored;
    return Loc(&LocationService::Stub::UpdateStore, req, after ? after : &ignored);
  }
  grpc::Status SetEnabled(const std::string& store, bool enabled) {
    pos::v1::Store v;
    v.set_enabled(enabled);
    return Update(store, "enabled", v);
  }
  grpc::Status Assign(const std::string& store, const std::string& catalog) {
    pos::v1::Store v;
    v.set_catalog_id(catalog);
    return Update(store, "catalog_id", v);
  }

  grpc::Status CreateCatalog(const std::string& catalog) {
    pos::v1::CreateCatalogRequest req;
    req.set_org_id(org_);
    req.set_catalog_id(catalog);
    req.set_name("Prices " + catalog);
    pos::v1::CatalogInfo info;
    return Loc(&LocationService::Stub::CreateCatalog, req, &info);
  }

  std::unique_ptr<LocationService::Stub> locations_;
};

bool Says(const absl::Status& s, const std::string& text) {
  return s.message().find(text) != absl::string_view::npos;
}

TEST_F(StoreLifeTest, AStoresStatusFollowsItsLifeAndTillsSellOnlyWhenReady) {
  // Created: it sells from the org's main catalog, but no till is there yet.
  ASSERT_TRUE(AddStore("s2").ok());
  pos::v1::Store s = Get("s2");
  EXPECT_EQ(s.status(), pos::v1::NOT_STARTED);
  EXPECT_NE(s.status_reason().find("no till"), std::string::npos) << s.status_reason();
  EXPECT_EQ(s.catalog_id(), "main");
  EXPECT_TRUE(s.enabled());

  // A regional catalog with nothing published: PENDING once a till is there.
  ASSERT_TRUE(CreateCatalog("north").ok());
  ASSERT_TRUE(Assign("s2", "north").ok());
  ASSERT_TRUE(AddTill("s2", "t2").ok());
  s = Get("s2");
  EXPECT_EQ(s.status(), pos::v1::PENDING) << s.status_reason();
  EXPECT_EQ(s.tills(), 1);
  EXPECT_NE(s.status_reason().find("north"), std::string::npos);

  TillClient till(Options("t2", "s2"));
  ASSERT_TRUE(till.Connect().ok());
  auto refused = till.Call(Scan("4001"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Says(refused.status(), "store s2 is PENDING")) << refused.status();

  // Publishing its first version lets its tills sell online; the next scan
  // prices from it. It is PENDING until a till holds a copy.
  pos::v1::UpsertItemsResponse published;
  ASSERT_TRUE(SetPrice(99, "north", &published).ok());
  EXPECT_EQ(published.catalog_id(), "north");
  EXPECT_EQ(published.version(), 1);
  s = Get("s2");
  EXPECT_EQ(s.status(), pos::v1::PENDING) << s.status_reason();
  EXPECT_NE(s.status_reason().find("no till of store s2 holds a copy yet"),
            std::string::npos)
      << s.status_reason();
  auto scan = till.Call(Scan("4001"));
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(scan->scanned().unit_price().minor_units(), 99);

  // The till fetches its copy and says so: READY.
  TillRequest fetch;
  fetch.mutable_fetch_catalog();
  auto page = till.Call(fetch);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->catalog().catalog_id(), "north");
  EXPECT_EQ(page->catalog().from_version(), 0);
  EXPECT_EQ(page->catalog().to_version(), 1);
  ASSERT_EQ(page->catalog().items_size(), 1);
  EXPECT_EQ(page->catalog().items(0).unit_price().minor_units(), 99);
  EXPECT_FALSE(page->catalog().more());
  TillRequest wrong;
  wrong.mutable_catalog_held()->set_catalog_id("main");
  wrong.mutable_catalog_held()->set_version(1);
  EXPECT_EQ(till.Call(wrong).status().code(), absl::StatusCode::kFailedPrecondition);
  TillRequest held;
  held.mutable_catalog_held()->set_catalog_id("north");
  held.mutable_catalog_held()->set_version(1);
  ASSERT_TRUE(till.Call(held).ok());
  s = Get("s2");
  EXPECT_EQ(s.status(), pos::v1::READY) << s.status_reason();
  EXPECT_EQ(s.catalog_version(), 1);

  // The bill records the version it was priced at.
  const std::string bill_id = NewUuid();
  auto bill = till.Call(Submit(bill_id, 2, 198));
  ASSERT_TRUE(bill.ok()) << bill.status();
  EXPECT_EQ(bill->bill().catalog_id(), "north");
  EXPECT_EQ(bill->bill().catalog_version(), 1);
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT catalog_id || ' v' || catalog_version FROM bills WHERE bill_id = "
                "$1::uuid",
                bill_id),
            "north v1");
  ASSERT_TRUE(SetPrice(89, "north", &published).ok());
  EXPECT_EQ(published.version(), 2);
  // A resend after the price changed (the answer was lost) is the same sale.
  auto resent = till.Call(Submit(bill_id, 2, 198));
  ASSERT_TRUE(resent.ok()) << resent.status();
  EXPECT_TRUE(resent->bill().replayed());
  EXPECT_EQ(resent->bill().total().minor_units(), 198);

  // Disabled: no new bill, but a bill it already stored is still answered.
  ASSERT_TRUE(SetEnabled("s2", false).ok());
  EXPECT_FALSE(Get("s2").enabled());
  auto new_bill = till.Call(Submit(NewUuid(), 1, 89));
  EXPECT_EQ(new_bill.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Says(new_bill.status(), "disabled")) << new_bill.status();
  auto replay = till.Call(Submit(bill_id, 2, 198));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_TRUE(replay->bill().replayed());
  EXPECT_EQ(replay->bill().catalog_version(), 1);
  TillClient later(Options("t2", "s2"));
  ASSERT_TRUE(later.Connect().ok());
  EXPECT_EQ(later.Call(Scan("4001")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(SetEnabled("s2", true).ok());
  auto again = later.Call(Scan("4001"));  // at once: a refused store is read again
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->scanned().unit_price().minor_units(), 89);

  // Archived: reads only, for good.
  ASSERT_TRUE(Update("s2", "archive", {}).ok());
  s = Get("s2");
  EXPECT_TRUE(s.archived());
  const grpc::Status rename = Update("s2", "name", s);
  EXPECT_EQ(rename.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(rename.error_message().find("archived"), std::string::npos);
  EXPECT_EQ(SetEnabled("s2", true).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(AddTill("s2", "t3").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  auto archived_bill = later.Call(Submit(NewUuid(), 1, 89));
  EXPECT_TRUE(Says(archived_bill.status(), "archived")) << archived_bill.status();
  EXPECT_EQ(CountBills(), "1");
}

TEST_F(StoreLifeTest, EachStoreSellsFromItsOwnCatalogAndHearsOnlyItsPriceChanges) {
  ASSERT_TRUE(CreateCatalog("north").ok());
  ASSERT_TRUE(AddStore("s2").ok());
  ASSERT_TRUE(AddTill("s2", "t2").ok());
  ASSERT_TRUE(Assign("s2", "north").ok());
  ASSERT_TRUE(SetPrice(99, "north").ok());

  std::promise<pos::v1::CatalogDelta> north_push;
  bool once = false;
  std::atomic<int> main_pushes{0};
  TillClient main_till(Options(), [&](const pos::v1::TillResponse& push) {
    if (push.has_catalog()) ++main_pushes;
  });
  TillClient north_till(Options("t2", "s2"), [&](const pos::v1::TillResponse& push) {
    if (push.has_catalog() && !once) {
      once = true;
      north_push.set_value(push.catalog());
    }
  });
  ASSERT_TRUE(main_till.Connect().ok());
  ASSERT_TRUE(north_till.Connect().ok());
  auto at_main = main_till.Call(Scan("4001"));
  auto at_north = north_till.Call(Scan("4001"));
  ASSERT_TRUE(at_main.ok() && at_north.ok());
  EXPECT_EQ(at_main->scanned().unit_price().minor_units(), 119);
  EXPECT_EQ(at_north->scanned().unit_price().minor_units(), 99);

  ASSERT_TRUE(SetPrice(95, "north").ok());
  auto future = north_push.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  // The push is the delta from version 1 to 2.
  const pos::v1::CatalogDelta change = future.get();
  EXPECT_EQ(change.catalog_id(), "north");
  EXPECT_EQ(change.from_version(), 1);
  EXPECT_EQ(change.to_version(), 2);
  EXPECT_FALSE(change.more());
  ASSERT_EQ(change.items_size(), 1);
  EXPECT_EQ(change.items(0).sku(), "A1");
  EXPECT_EQ(change.items(0).unit_price().minor_units(), 95);
  // One notification carries both; the main till would have heard by now.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(main_pushes.load(), 0);
}

TEST_F(StoreLifeTest, BadConfigurationsAreNamedAndChangeNothing) {
  ASSERT_TRUE(AddStore("s2").ok());
  pos::v1::Store v;
  v.set_time_zone("Mars/Olympus");
  grpc::Status st = Update("s2", "time_zone", v);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(st.error_message().find("time_zone"), std::string::npos);
  v.set_opening_hours("Mo-Fr 20:00-08:00");
  st = Update("s2", "opening_hours", v);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(st.error_message().find("opening_hours"), std::string::npos);
  st = Update("s2", "colour", v);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(st.error_message().find("colour"), std::string::npos);
  st = Assign("s2", "nowhere");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(st.error_message().find("nowhere"), std::string::npos);
  EXPECT_EQ(Assign("s9", "main").error_code(), grpc::StatusCode::NOT_FOUND);
  pos::v1::UpdateStoreRequest nothing;
  nothing.set_org_id(org_);
  nothing.set_store_id("s2");
  pos::v1::Store ignored;
  EXPECT_EQ(Loc(&LocationService::Stub::UpdateStore, nothing, &ignored).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v.set_opening_hours("Mo-Fr 08:00-20:00; Sa 09:00-14:00");
  v.set_address("Hauptstr. 1, 10115 Berlin");
  pos::v1::UpdateStoreRequest both;
  both.set_org_id(org_);
  both.set_store_id("s2");
  both.add_set("opening_hours");
  both.add_set("address");
  *both.mutable_values() = v;
  ASSERT_TRUE(Loc(&LocationService::Stub::UpdateStore, both, &ignored).ok());
  const pos::v1::Store s = Get("s2");
  EXPECT_EQ(s.opening_hours(), "Mo-Fr 08:00-20:00; Sa 09:00-14:00");
  EXPECT_EQ(s.address(), "Hauptstr. 1, 10115 Berlin");
  EXPECT_EQ(s.catalog_id(), "main");  // the refused changes left nothing
  EXPECT_EQ(s.time_zone(), "");

  pos::v1::CreateStoreRequest bad;
  bad.set_org_id(org_);
  bad.set_store_id("s4");
  bad.set_name("Elsewhere");
  bad.set_catalog_id("nowhere");
  EXPECT_EQ(AdminCall(&pos::v1::AdminService::Stub::CreateStore, bad).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(PgEnvironment::Query("SELECT count(*) FROM stores WHERE org_id = $1", org_),
            "2");
}

TEST_F(StoreLifeTest, AccountsAreWhatTheKeySees) {
  pos::v1::ListAccountsResponse all;
  ASSERT_TRUE(
      Loc(&LocationService::Stub::ListAccounts, pos::v1::ListAccountsRequest(), &all)
          .ok());
  bool seen = false;
  for (const auto& o : all.accounts()) seen |= o.org_id() == org_;
  EXPECT_TRUE(seen);
  EXPECT_GE(all.accounts_size(), 1);

  const std::string own = testing::MakeKey(Role::kAuditor, org_);
  pos::v1::ListAccountsResponse mine;
  ASSERT_TRUE(Loc(&LocationService::Stub::ListAccounts, pos::v1::ListAccountsRequest(),
                  &mine, own)
                  .ok());
  ASSERT_EQ(mine.accounts_size(), 1);
  EXPECT_EQ(mine.accounts(0).org_id(), org_);

  EXPECT_EQ(HoldCatalog(), 1);
  pos::v1::ListStoresRequest list;
  list.set_org_id(org_);
  pos::v1::ListStoresResponse stores;
  ASSERT_TRUE(Loc(&LocationService::Stub::ListStores, list, &stores, own).ok());
  ASSERT_EQ(stores.stores_size(), 1);
  EXPECT_EQ(stores.stores(0).status(), pos::v1::READY)
      << stores.stores(0).status_reason();
  // Another org's stores are not this key's to read.
  list.set_org_id("some-other-org");
  EXPECT_EQ(Loc(&LocationService::Stub::ListStores, list, &stores, own).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace tillstream
