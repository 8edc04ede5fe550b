// Scan latency at the till, side by side in one run, through the cashier's
// console: priced by posd over the till stream (the anchor) and priced from
// the till's local catalog copy while its LAN is down; plus the time to fetch
// and apply a snapshot, and offline scans over a large copy. Prints figures
// (deploy/bench-scan.sh runs it); it asserts only that every scan was priced.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "terminal/catalog_follower.h"
#include "terminal/console.h"
#include "terminal/local_catalog.h"
#include "terminal/outbox_sender.h"
#include "terminal/till_state.h"
#include "tests/support/cuttable_link.h"
#include "tests/support/scratch_dir.h"
#include "tests/support/server_fixture.h"
#include "tools/latency.h"

namespace tillstream {
namespace {

using Clock = std::chrono::steady_clock;

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::atoi(v) : fallback;
}

double MillisSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string Barcode(int i) { return absl::StrCat(5000000000000LL + i); }

class LocalScanBench : public testing::ServerTest {
 protected:
  void Catalog(int items) {
    pos::v1::UpsertItemsRequest up;
    up.set_org_id(org_);
    for (int i = 0; i < items; ++i) {
      auto* item = up.add_items();
      item->set_sku(absl::StrFormat("S%07d", i));
      item->set_name(absl::StrCat("Item ", i));
      item->mutable_unit_price()->set_minor_units(100 + i % 900);
      item->mutable_unit_price()->set_currency("EUR");
      item->set_tax_rate_bp(i % 2 == 0 ? 700 : 1900);
      item->set_unit(pos::v1::EACH);
      item->add_barcodes(Barcode(i));
    }
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(600));
    ctx.AddMetadata("authorization", "Bearer " + testing::AdminKey());
    pos::v1::UpsertItemsResponse resp;
    const grpc::Status s = admin_->UpsertItems(&ctx, up, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // `scans` scans of random barcodes through `console`, cancelling every
  // 50 lines; the latency of each scan in ms. The console's output is
  // counted for refusals.
  std::vector<double> Scans(Console& console, int scans, int items) {
    std::mt19937 rng(7);
    std::vector<double> ms;
    for (int i = 0; i < scans; ++i) {
      const std::string barcode = Barcode(static_cast<int>(rng() % items));
      const auto t0 = Clock::now();
      console.Execute(barcode);
      ms.push_back(MillisSince(t0));
      if (i % 50 == 49) console.Execute("cancel");
    }
    console.Execute("cancel");
    return ms;
  }

  int refusals_ = 0;
};

TEST_F(LocalScanBench, ScanLatencyOnlineAndFromTheLocalCopy) {
  const int items = EnvInt("BENCH_ITEMS", 2000);
  const int scans = EnvInt("BENCH_SCANS", 2000);
  const int big = EnvInt("BENCH_LOCAL_ITEMS", 200000);
  Catalog(items);

  ScratchDir dir("scan_bench");
  TillState state(dir.path().string(), "t1");
  ASSERT_TRUE(state.Init().ok());
  LocalCatalog catalog(dir.path().string());
  std::atomic<bool> cut{false};
  TillClientOptions options = Options();
  options.max_attempts = 1;
  const auto fetch0 = Clock::now();
  CatalogFollower follower(std::make_unique<CuttableLink>(options, &cut), &catalog, {});
  ASSERT_TRUE(follower.WaitFor("main", 2, std::chrono::seconds(120)));
  const double fetch_ms = MillisSince(fetch0);
  OutboxSender sender(
      std::make_unique<CuttableLink>(options, &cut), &state,
      [](const pos::v1::SubmitBill&, const absl::StatusOr<pos::v1::BillReceipt>&) {});
  CuttableLink link(options, &cut);
  ASSERT_TRUE(link.Connect().ok());
  const auto count_refusals = [this](const std::string& text) {
    if (!text.empty() && text[0] == '!' && text.find("OFFLINE") == std::string::npos) {
      ++refusals_;
      std::cout << "unexpected: " << text;
    }
  };
  Console console(&link, &state, &sender, count_refusals, &catalog, &follower);

  const std::vector<double> online = Scans(console, scans, items);
  cut = true;
  console.Execute(Barcode(0));  // unanswered: the till goes offline
  console.Execute("cancel");
  ASSERT_TRUE(console.offline());
  const std::vector<double> offline = Scans(console, scans, items);

  // A large copy, as a chain's full range would be.
  ScratchDir big_dir("scan_bench_big");
  LocalCatalog large(big_dir.path().string());
  pos::v1::CatalogDelta snapshot;
  snapshot.set_catalog_id("main");
  snapshot.set_to_version(1);
  snapshot.set_currency("EUR");
  for (int i = 0; i < big; ++i) {
    auto* e = snapshot.add_items();
    e->set_sku(absl::StrFormat("S%07d", i));
    e->set_name(absl::StrCat("Item ", i));
    e->mutable_unit_price()->set_minor_units(100 + i % 900);
    e->mutable_unit_price()->set_currency("EUR");
    e->set_tax_rate_bp(700);
    e->set_unit(pos::v1::EACH);
    e->add_barcodes(Barcode(i));
  }
  const auto apply0 = Clock::now();
  ASSERT_TRUE(large.Apply({snapshot}).ok());
  const double apply_ms = MillisSince(apply0);
  TillState big_state(big_dir.path().string(), "t1");
  ASSERT_TRUE(big_state.Init().ok());
  OutboxSender big_sender(
      std::make_unique<CuttableLink>(options, &cut), &big_state,
      [](const pos::v1::SubmitBill&, const absl::StatusOr<pos::v1::BillReceipt>&) {});
  CuttableLink big_link(options, &cut);
  Console big_console(&big_link, &big_state, &big_sender, count_refusals, &large);
  ASSERT_TRUE(big_console.StartOffline(absl::UnavailableError("bench")));
  const std::vector<double> offline_big = Scans(big_console, scans, big);

  std::cout << "\nscan latency at the till, ms, through the console (" << scans
            << " scans each):\n"
            << "  priced by posd (online)            " << LatencySummary(online) << "\n"
            << "  priced locally, copy of " << items << " items  "
            << LatencySummary(offline) << "\n"
            << "  priced locally, copy of " << big << " items "
            << LatencySummary(offline_big) << "\n"
            << "catalog copy: " << items << " items fetched and applied in "
            << absl::StrFormat("%.0f", fetch_ms) << " ms; a " << big
            << "-item snapshot applied and written in "
            << absl::StrFormat("%.0f", apply_ms) << " ms\n";
  EXPECT_EQ(refusals_, 0);
  big_sender.Finish();
  sender.Finish();
  follower.Stop();
}

}  // namespace
}  // namespace tillstream
