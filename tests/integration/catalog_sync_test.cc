// Catalog syncs through posd: an upload in chunks answered at once, worked
// off in the background, published as one whole new version or failing
// with a reason and changing nothing; a store's status through it all; a
// claim whose worker died taken over.
#include "tests/integration/catalog_sync_fixture.h"

namespace tillstream {
namespace {

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
