// The tills' catalog copies against a posd and its syncs: tills scanning
// through large syncs see whole versions only; a till catches up by delta
// pages to exactly the version it asked for.
#include "tests/integration/catalog_sync_fixture.h"

namespace tillstream {
namespace {

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
}  // namespace
}  // namespace tillstream
