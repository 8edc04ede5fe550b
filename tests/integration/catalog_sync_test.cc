// Catalog syncs through posd: an upload in chunks answered at once, worked
// off in the background, published as one whole new version or failing
// with a reason and changing nothing; a store's status through it all; a
// claim whose worker died taken over.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/till_client.h"
#include "common/ids.h"
#include "pos/v1/catalog_sync.grpc.pb.h"
#include "pos/v1/locations.grpc.pb.h"
#include "server/storage/pg_storage.h"
#include "server/usecases/catalog_syncs.h"
#include "terminal/local_catalog.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::CatalogSyncService;
using testing::AdminKey;
using testing::PgEnvironment;

constexpr char kHeader[] = "sku,name,price,tax_percent,unit,barcodes\n";

class CatalogSyncTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    syncs_ = CatalogSyncService::NewStub(MakeChannel(target_));
    locations_ = pos::v1::LocationService::NewStub(MakeChannel(target_));
  }

  // Uploads `csv` in chunks of `chunk` bytes; `last` false leaves the
  // upload unfinished.
  grpc::Status Upload(const std::string& target, const std::string& csv,
                      pos::v1::CatalogSync* out, const std::string& sync_id = NewUuid(),
                      size_t chunk = 64, bool last = true,
                      pos::v1::SyncFormat format = pos::v1::SYNC_CSV) {
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    auto writer = syncs_->StartSync(&ctx, out);
    size_t at = 0;
    bool first = true;
    do {
      pos::v1::SyncChunk c;
      if (first) {
        c.set_org_id(org_);
        c.set_sync_id(sync_id);
        c.set_format(format);
        if (target.rfind("store=", 0) == 0) {
          c.set_store_id(target.substr(6));
        } else {
          c.set_catalog_id(target);
        }
        first = false;
      }
      const size_t n = std::min(chunk, csv.size() - at);
      c.set_data(csv.substr(at, n));
      at += n;
      c.set_last(last && at >= csv.size());
      if (!writer->Write(c)) break;
    } while (at < csv.size());
    writer->WritesDone();
    return writer->Finish();
  }

  pos::v1::CatalogSync Status(const std::string& sync_id) {
    pos::v1::GetSyncRequest req;
    req.set_org_id(org_);
    req.set_sync_id(sync_id);
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    pos::v1::CatalogSync s;
    const grpc::Status st = syncs_->GetSync(&ctx, req, &s);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return s;
  }

  // Polls until the sync is SYNCED or FAILED.
  pos::v1::CatalogSync Await(const std::string& sync_id) {
    const absl::Time until = absl::Now() + absl::Seconds(60);
    for (;;) {
      pos::v1::CatalogSync s = Status(sync_id);
      if (s.state() == pos::v1::SYNC_SYNCED || s.state() == pos::v1::SYNC_FAILED ||
          absl::Now() > until) {
        return s;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  pos::v1::CatalogSync SyncAndWait(const std::string& target, const std::string& csv,
                                   pos::v1::SyncFormat format = pos::v1::SYNC_CSV) {
    pos::v1::CatalogSync started;
    const grpc::Status st = Upload(target, csv, &started, NewUuid(), 65536, true, format);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return Await(started.sync_id());
  }

  pos::v1::Store Store(const std::string& store) {
    pos::v1::GetStoreRequest req;
    req.set_org_id(org_);
    req.set_store_id(store);
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    pos::v1::Store s;
    EXPECT_TRUE(locations_->GetStore(&ctx, req, &s).ok());
    return s;
  }

  grpc::Status Call(grpc::Status (pos::v1::LocationService::Stub::*method)(
                        grpc::ClientContext*, const pos::v1::UpdateStoreRequest&,
                        pos::v1::Store*),
                    const pos::v1::UpdateStoreRequest& req) {
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    pos::v1::Store ignored;
    return (locations_.get()->*method)(&ctx, req, &ignored);
  }

  // The current price of `barcode` in main, "" when no item has it.
  std::string Price(const std::string& barcode) {
    return PgEnvironment::Query(
        "SELECT i.unit_price_minor::text FROM catalog_barcodes b JOIN catalog_items i ON"
        " i.org_id = b.org_id AND i.catalog_id = b.catalog_id AND i.sku = b.sku AND"
        " i.to_version IS NULL WHERE b.catalog_id = 'main' AND b.org_id || '/' || "
        "b.barcode"
        " = $1",
        org_ + "/" + barcode);
  }

  std::unique_ptr<CatalogSyncService::Stub> syncs_;
  std::unique_ptr<pos::v1::LocationService::Stub> locations_;
};

TEST_F(CatalogSyncTest, ASyncPublishesTheWholeListAsOneVersionAndCountsWhatChanged) {
  // The fixture's main catalog holds A1 (4001) at 1.19 as version 1.
  pos::v1::CatalogSync started;
  ASSERT_TRUE(Upload("main",
                     absl::StrCat(kHeader, "A1,Milk,1.29,7,each,4001\n",
                                  "A2,\"Apples, loose\",2.99,7,kg,4002|4012\n"),
                     &started)
                  .ok());
  EXPECT_EQ(started.total_rows(), 2);
  const pos::v1::CatalogSync done = Await(started.sync_id());
  ASSERT_EQ(done.state(), pos::v1::SYNC_SYNCED) << done.failure_detail();
  EXPECT_EQ(done.synced_catalog_id(), "main");
  EXPECT_EQ(done.version(), 2);
  EXPECT_EQ(done.inserted(), 1);
  EXPECT_EQ(done.updated(), 1);
  EXPECT_EQ(done.removed(), 0);
  EXPECT_EQ(done.unchanged(), 0);
  EXPECT_EQ(done.rows_done(), 2);
  EXPECT_TRUE(done.has_finished_at());
  EXPECT_EQ(Price("4012"), "299");

  // The list is the whole catalog: what it leaves out is removed.
  const pos::v1::CatalogSync second =
      SyncAndWait("main", "A2,\"Apples, loose\",2.99,7,kg,4002|4012\n");
  ASSERT_EQ(second.state(), pos::v1::SYNC_SYNCED) << second.failure_detail();
  EXPECT_EQ(second.version(), 3);
  EXPECT_EQ(second.removed(), 1);
  EXPECT_EQ(second.unchanged(), 1);
  EXPECT_EQ(Price("4001"), "");

  TillClient till(Options());
  ASSERT_TRUE(till.Connect().ok());
  EXPECT_EQ(till.Call(Scan("4001")).status().code(), absl::StatusCode::kNotFound);
  auto apples = till.Call(Scan("4012", 500));
  ASSERT_TRUE(apples.ok()) << apples.status();
  EXPECT_EQ(apples->scanned().amount().minor_units(), 150);  // 2.99 x 0.5 kg, half up
}

TEST_F(CatalogSyncTest, AFailedSyncNamesWhatIsWrongAndChangesNothing) {
  const pos::v1::CatalogSync bad = SyncAndWait(
      "main",
      absl::StrCat(kHeader, "A1,Milk,1.29,7,each,4001\n", "A2,Apples,abc,7,kg,4002\n",
                   "A3,Wine,8.49,7,bottle,4003\n", "A1,Milk again,1.39,7,each,4009\n"));
  ASSERT_EQ(bad.state(), pos::v1::SYNC_FAILED);
  EXPECT_EQ(bad.failure(), pos::v1::INVALID_ROWS);
  EXPECT_NE(bad.failure_detail().find("row 2: price"), std::string::npos)
      << bad.failure_detail();
  EXPECT_NE(bad.failure_detail().find("row 3: unit 'bottle'"), std::string::npos);
  EXPECT_NE(bad.failure_detail().find("row 4: sku A1 is also on row 1"),
            std::string::npos);

  const pos::v1::CatalogSync twice =
      SyncAndWait("main", "A1,Milk,1.29,7,each,4001\nA2,Apples,2.99,7,kg,4002|4001\n");
  ASSERT_EQ(twice.state(), pos::v1::SYNC_FAILED);
  EXPECT_EQ(twice.failure(), pos::v1::DUPLICATE_BARCODE);
  EXPECT_NE(twice.failure_detail().find("row 2: barcode 4001 is also on row 1"),
            std::string::npos)
      << twice.failure_detail();

  EXPECT_EQ(SyncAndWait("nowhere", "A1,Milk,1.29,7,each,4001\n").failure(),
            pos::v1::CATALOG_NOT_FOUND);
  EXPECT_EQ(SyncAndWait("store=s9", "A1,Milk,1.29,7,each,4001\n").failure(),
            pos::v1::STORE_NOT_FOUND);
  EXPECT_EQ(SyncAndWait("main", kHeader).failure(), pos::v1::INVALID_ROWS);

  // Nothing of it is visible: still version 1, milk at 1.19.
  EXPECT_EQ(Price("4001"), "119");
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT current_version::text FROM catalogs WHERE org_id = $1 AND "
                "catalog_id = 'main'",
                org_),
            "1");
  // The store still sells from version 1; the failure is named.
  EXPECT_EQ(HoldCatalog(), 1);
  const pos::v1::Store s = Store("s1");
  EXPECT_EQ(s.status(), pos::v1::READY);
  EXPECT_NE(s.status_reason().find("last sync failed"), std::string::npos)
      << s.status_reason();
}

TEST_F(CatalogSyncTest, AStoreGoesFromPendingToErrorToReadyThroughItsSyncs) {
  ASSERT_TRUE(AddStore("s3").ok());
  ASSERT_TRUE(AddTill("s3", "t1").ok());
  pos::v1::CreateCatalogRequest cat;
  cat.set_org_id(org_);
  cat.set_catalog_id("south");
  cat.set_name("South prices");
  {
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    pos::v1::CatalogInfo info;
    ASSERT_TRUE(locations_->CreateCatalog(&ctx, cat, &info).ok());
  }
  pos::v1::UpdateStoreRequest assign;
  assign.set_org_id(org_);
  assign.set_store_id("s3");
  assign.add_set("catalog_id");
  assign.mutable_values()->set_catalog_id("south");
  ASSERT_TRUE(Call(&pos::v1::LocationService::Stub::UpdateStore, assign).ok());
  EXPECT_EQ(Store("s3").status(), pos::v1::PENDING);

  ASSERT_EQ(SyncAndWait("store=s3", "A1,Milk,-1,7,each,4001\n").state(),
            pos::v1::SYNC_FAILED);
  pos::v1::Store s = Store("s3");
  EXPECT_EQ(s.status(), pos::v1::ERROR);
  EXPECT_NE(s.status_reason().find("INVALID_ROWS"), std::string::npos)
      << s.status_reason();

  const pos::v1::CatalogSync good = SyncAndWait("store=s3", "A1,Milk,1.05,7,each,4001\n");
  ASSERT_EQ(good.state(), pos::v1::SYNC_SYNCED) << good.failure_detail();
  EXPECT_EQ(good.synced_catalog_id(), "south");
  // Published, but no till holds a copy: tills sell online meanwhile.
  s = Store("s3");
  EXPECT_EQ(s.status(), pos::v1::PENDING) << s.status_reason();
  EXPECT_NE(s.status_reason().find("no till of store s3 holds a copy yet"),
            std::string::npos)
      << s.status_reason();
  EXPECT_EQ(HoldCatalog("t1", "s3"), 1);
  s = Store("s3");
  EXPECT_EQ(s.status(), pos::v1::READY) << s.status_reason();
  EXPECT_EQ(s.catalog_version(), 1);
  TillClient till(Options("t1", "s3"));
  ASSERT_TRUE(till.Connect().ok());
  auto scan = till.Call(Scan("4001"));
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(scan->scanned().unit_price().minor_units(), 105);
}

TEST_F(CatalogSyncTest, AnUnfinishedUploadStoresNothingAndARetryIsTheSameSync) {
  const std::string id = NewUuid();
  pos::v1::CatalogSync out;
  const grpc::Status cut =
      Upload("main", "A1,Milk,1.29,7,each,4001\n", &out, id, 8, /*last=*/false);
  EXPECT_EQ(cut.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(cut.error_message().find("last chunk"), std::string::npos);
  EXPECT_EQ(
      PgEnvironment::Query("SELECT count(*) FROM catalog_syncs WHERE org_id = $1", org_),
      "0");

  pos::v1::CatalogSync first, again;
  ASSERT_TRUE(Upload("main", "A1,Milk,1.29,7,each,4001\n", &first, id).ok());
  ASSERT_TRUE(Upload("main", "A1,Milk,1.29,7,each,4001\n", &again, id).ok());
  EXPECT_EQ(again.sync_id(), first.sync_id());
  EXPECT_EQ(Await(id).version(), 2);
  EXPECT_EQ(
      PgEnvironment::Query("SELECT count(*) FROM catalog_syncs WHERE org_id = $1", org_),
      "1");
  EXPECT_EQ(Upload("main", "", &out, "not-a-uuid").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // An ended sync keeps its figures, not its upload.
  EXPECT_EQ(
      PgEnvironment::Query(
          "SELECT length(data)::text FROM catalog_syncs WHERE sync_id = $1::uuid", id),
      "0");
  // A format this server does not read is refused, not guessed.
  grpc::ClientContext ctx;
  testing::Authorize(&ctx);
  auto writer = syncs_->StartSync(&ctx, &out);
  pos::v1::SyncChunk chunk;
  chunk.set_org_id(org_);
  chunk.set_sync_id(NewUuid());
  chunk.set_catalog_id("main");
  chunk.set_format(static_cast<pos::v1::SyncFormat>(7));
  chunk.set_data("A1,Milk,1.29,7,each,4001\n");
  chunk.set_last(true);
  writer->Write(chunk);
  writer->WritesDone();
  const grpc::Status format = writer->Finish();
  EXPECT_EQ(format.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(format.error_message().find("format"), std::string::npos);
}

// 16 tills scan while two 100,000-item syncs publish: every answer comes
// from one whole version (all prices of version v are 100 + v), so a till
// never sees an item vanish once it was there, nor an older price after a
// newer one.
TEST_F(CatalogSyncTest, TillsScanningThroughLargeSyncsSeeWholeVersionsOnly) {
  constexpr int kTills = 16, kItems = 100000;
  std::vector<TillClientOptions> options;
  for (int t = 0; t < kTills; ++t) {
    const std::string till = absl::StrCat("r", t);
    ASSERT_TRUE(AddTill("s1", till).ok());
    options.push_back(Options(till));
  }
  auto list = [&](int version) {
    std::string csv = "A1,Milk,1.19,7,each,4001\n";
    for (int i = 0; i < kItems; ++i) {
      absl::StrAppend(&csv, "V", i, ",Item ", i, ",", absl::StrFormat("1.%02d", version),
                      ",7,each,", 6000000000000 + i, "\n");
    }
    return csv;
  };
  std::atomic<bool> done{false};
  std::atomic<int> scans{0}, stale{0}, vanished{0}, wrong{0};
  std::vector<std::thread> tills;
  for (int t = 0; t < kTills; ++t) {
    tills.emplace_back([&, t] {
      TillClient till(options[t]);
      if (!till.Connect().ok()) return ++wrong, void();
      int seen = 0;  // the highest version this till saw
      for (int n = 0; !done.load(); ++n) {
        auto r = till.Call(Scan(absl::StrCat(6000000000000 + (n * 7919 + t) % kItems)));
        ++scans;
        if (!r.ok()) {
          if (r.status().code() != absl::StatusCode::kNotFound) ++wrong;
          if (seen > 0) ++vanished;
          continue;
        }
        const int version =
            static_cast<int>(r->scanned().unit_price().minor_units()) - 100;
        if (version != 2 && version != 3) ++wrong;
        if (version < seen) ++stale;
        seen = std::max(seen, version);
        (void)till.Call([] {
          pos::v1::TillRequest c;
          c.mutable_cancel_bill();
          return c;
        }());
      }
    });
  }
  const absl::Time start = absl::Now();
  const pos::v1::CatalogSync v2 = SyncAndWait("main", list(2));
  const pos::v1::CatalogSync v3 = SyncAndWait("main", list(3));
  done = true;
  for (auto& t : tills) t.join();
  ASSERT_EQ(v2.state(), pos::v1::SYNC_SYNCED) << v2.failure_detail();
  ASSERT_EQ(v3.state(), pos::v1::SYNC_SYNCED) << v3.failure_detail();
  EXPECT_EQ(v2.version(), 2);
  EXPECT_EQ(v3.version(), 3);
  EXPECT_EQ(v3.updated(), kItems);
  EXPECT_EQ(v3.unchanged(), 1);
  EXPECT_GT(scans.load(), kTills);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(vanished.load(), 0);
  EXPECT_EQ(stale.load(), 0);
  std::cout << "two " << kItems << "-item syncs in "
            << absl::ToDoubleSeconds(absl::Now() - start) << " s while " << kTills
            << " tills scanned " << scans.load() << " times\n";
}

// A till holding version 2 catches up to version 3 (a JSON-lines sync that
// removes a third of the items, reprices some and adds others) by delta
// pages, and ends with exactly the snapshot of version 3.
TEST_F(CatalogSyncTest, ATillCatchesUpByDeltaPagesToExactlyTheNextVersion) {
  std::string v2 = "A1,Milk,1.19,7,each,4001\n";
  for (int i = 0; i < 3000; ++i) {
    absl::StrAppend(&v2, "V", 10000 + i, ",Item ", i, ",1.00,7,each,", 7000000 + i, "\n");
  }
  ASSERT_EQ(SyncAndWait("main", v2).state(), pos::v1::SYNC_SYNCED);
  std::string v3 =
      R"({"sku":"A1","name":"Milk","price":"1.19","tax_percent":7,"unit":"each","barcodes":["4001"]})"
      "\n";
  for (int i = 0; i < 3000; ++i) {
    if (i % 3 == 0) continue;  // removed
    absl::StrAppend(&v3, R"({"sku":"V)", 10000 + i, R"(","name":"Item )", i,
                    R"(","price":)", i % 5 == 0 ? "1.25" : "\"1.00\"",
                    R"(,"tax_percent":"7","unit":"each","barcodes":[")", 7000000 + i,
                    "\"]}\n");
  }
  for (int i = 0; i < 500; ++i) {
    absl::StrAppend(&v3, R"({"sku":"W)", 10000 + i, R"(","name":"New )", i,
                    R"(","price":"2.50","tax_percent":"19","unit":"kg","barcodes":")",
                    8000000 + i, "\"}\n");
  }
  const pos::v1::CatalogSync synced = SyncAndWait("main", v3, pos::v1::SYNC_JSON_LINES);
  ASSERT_EQ(synced.state(), pos::v1::SYNC_SYNCED) << synced.failure_detail();
  EXPECT_EQ(synced.removed(), 1000);
  EXPECT_EQ(synced.inserted(), 500);
  EXPECT_EQ(synced.updated(), 400);  // every 5th of those kept
  const int v = synced.version();

  TillClient till(Options());
  ASSERT_TRUE(till.Connect().ok());
  // The pages from `have` to `to` (0: the current version), all of them.
  const auto fetch = [&](int have, int to, int* pages) {
    std::vector<pos::v1::CatalogDelta> out;
    pos::v1::TillRequest r;
    r.mutable_fetch_catalog()->set_catalog_id("main");
    r.mutable_fetch_catalog()->set_have_version(have);
    r.mutable_fetch_catalog()->set_to_version(to);
    do {
      auto page = till.Call(r);
      if (!page.ok()) {
        ADD_FAILURE() << page.status();
        break;
      }
      out.push_back(page->catalog());
      r.mutable_fetch_catalog()->set_to_version(page->catalog().to_version());
      r.mutable_fetch_catalog()->set_after_sku(page->catalog().last_sku());
    } while (out.back().more());
    *pages = static_cast<int>(out.size());
    return out;
  };
  int pages = 0;
  auto held = ApplyPages({}, fetch(0, v - 1, &pages));
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(held->version(), v - 1);
  EXPECT_EQ(held->items.size(), 3001u);
  const auto delta_pages = fetch(v - 1, 0, &pages);
  int removed = 0, changed = 0;
  for (const auto& p : delta_pages) {
    removed += p.removed_skus_size();
    changed += p.items_size();
  }
  EXPECT_EQ(removed, 1000);
  EXPECT_EQ(changed, 900);
  EXPECT_EQ(pages, 1);  // 1900 entries: one page of 2000
  auto caught_up = ApplyPages(*held, delta_pages);
  ASSERT_TRUE(caught_up.ok()) << caught_up.status();
  auto snapshot = ApplyPages({}, fetch(0, 0, &pages));
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(caught_up->version(), v);
  ASSERT_EQ(caught_up->items.size(), snapshot->items.size());
  EXPECT_EQ(caught_up->items.size(), 2501u);
  for (const auto& [sku, item] : snapshot->items) {
    const auto it = caught_up->items.find(sku);
    ASSERT_NE(it, caught_up->items.end()) << sku;
    EXPECT_EQ(it->second.SerializeAsString(), item.SerializeAsString()) << sku;
  }
  EXPECT_EQ(caught_up->items.at("V10005").unit_price().minor_units(), 125);
  EXPECT_EQ(caught_up->items.at("W10001").unit(), pos::v1::KILOGRAM);
  EXPECT_EQ(caught_up->items.count("V10003"), 0u);
}

// Syncs stored where no worker runs; then a worker claims one, "dies"
// (never renews its lease), and another takes the job over.
TEST(CatalogSyncTakeover, ADeadWorkersClaimIsTakenOverAndSyncsOfOneCatalogRunInTurn) {
  auto pool = PgPool::Open(PgEnvironment::url(), 4, &PgStorage::PrepareStatements);
  ASSERT_TRUE(pool.ok()) << pool.status();
  PgStorage storage(pool->get());
  const std::string org = PgEnvironment::UniqueId("sync");
  ASSERT_TRUE(storage.orgs.CreateOrg({org, "Sync org", "EUR", "Europe/Berlin", ""}).ok());
  CatalogSyncs syncs(&storage.syncs);
  SyncRequest req{org, "main", "", SyncFormat::kCsv, ""};
  const std::string a = NewUuid(), b = NewUuid();
  ASSERT_TRUE(syncs.Start(a, req, "A1,Milk,1.29,7,each,4001\n").ok());
  ASSERT_TRUE(syncs.Start(b, req, "A1,Milk,1.39,7,each,4001\n").ok());
  auto waiting = syncs.Get(org, b);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->state, SyncState::kPending);
  EXPECT_EQ(waiting->waiting_for, a);

  // A claim that is never renewed (its posd died right after claiming). No
  // one may claim b while a is open.
  auto dead = storage.syncs.ClaimSync("dead-posd", absl::Milliseconds(300), 3);
  ASSERT_TRUE(dead.ok() && dead->has_value());
  // Other orgs' syncs may be claimed meanwhile; this one's b may not.
  std::this_thread::sleep_for(std::chrono::milliseconds(400));

  SyncWorkerOptions options;
  options.worker_id = "live-posd";
  CatalogSyncWorker worker(&storage.syncs, options);
  for (int i = 0; i < 50 && syncs.Get(org, b)->state != SyncState::kSynced; ++i) {
    worker.RunOnce();
  }
  auto first = syncs.Get(org, a);
  auto second = syncs.Get(org, b);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->state, SyncState::kSynced) << first->failure_detail;
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(second->state, SyncState::kSynced) << second->failure_detail;
  EXPECT_EQ(second->version, 2);
  // The dead worker's late publish is refused: its claim is gone.
  auto late = storage.syncs.PublishSync(**dead, "dead-posd", {});
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT current_version::text FROM catalogs WHERE org_id = $1 AND "
                "catalog_id = 'main'",
                org),
            "2");
}

}  // namespace
}  // namespace tillstream
