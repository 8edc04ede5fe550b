// A posd with a catalog-sync service for the integration tests of syncs
// and of the tills' catalog copies: uploads in chunks, sync status, stores.
#ifndef TILLSTREAM_TESTS_INTEGRATION_CATALOG_SYNC_FIXTURE_H_
#define TILLSTREAM_TESTS_INTEGRATION_CATALOG_SYNC_FIXTURE_H_

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

using pos::v1::CatalogSyncService;
using testing::AdminKey;
using testing::PgEnvironment;

inline constexpr char kHeader[] = "sku,name,price,tax_percent,unit,barcodes\n";

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

}  // namespace tillstream

#endif  // TILLSTREAM_TESTS_INTEGRATION_CATALOG_SYNC_FIXTURE_H_
