// The till's catalog copy: whole versions from snapshot and delta pages, a
// copy that survives a restart, a failing disk that leaves the copy in use
// as it was, and local pricing that matches the server's arithmetic.
#include "terminal/local_catalog.h"

#include <gtest/gtest.h>

#include "tests/support/faulty_file_system.h"
#include "tests/support/scratch_dir.h"

namespace tillstream {
namespace {

pos::v1::CatalogEntry Entry(const std::string& sku, int64_t price,
                            const std::string& barcode, int32_t tax_bp = 2000,
                            pos::v1::UnitOfMeasure unit = pos::v1::EACH) {
  pos::v1::CatalogEntry e;
  e.set_sku(sku);
  e.set_name("Item " + sku);
  e.mutable_unit_price()->set_minor_units(price);
  e.mutable_unit_price()->set_currency("EUR");
  e.set_tax_rate_bp(tax_bp);
  e.set_unit(unit);
  e.add_barcodes(barcode);
  return e;
}

pos::v1::CatalogDelta Page(int from, int to, std::vector<pos::v1::CatalogEntry> items,
                           std::vector<std::string> removed = {}, bool more = false) {
  pos::v1::CatalogDelta d;
  d.set_catalog_id("main");
  d.set_from_version(from);
  d.set_to_version(to);
  d.set_currency("EUR");
  for (auto& i : items) *d.add_items() = std::move(i);
  for (auto& r : removed) d.add_removed_skus(std::move(r));
  d.set_more(more);
  return d;
}

TEST(ApplyPages, BuildsAVersionFromSnapshotPagesThenADelta) {
  auto v1 = ApplyPages({}, {Page(0, 1, {Entry("A", 100, "1")}, {}, true),
                            Page(0, 1, {Entry("B", 200, "2"), Entry("C", 300, "3")})});
  ASSERT_TRUE(v1.ok()) << v1.status();
  EXPECT_EQ(v1->version(), 1);
  EXPECT_EQ(v1->items.size(), 3u);
  EXPECT_EQ(v1->by_barcode.at("2"), "B");

  auto v2 =
      ApplyPages(*v1, {Page(1, 2, {Entry("B", 250, "2"), Entry("D", 400, "4")}, {"C"})});
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->version(), 2);
  EXPECT_EQ(v2->items.size(), 3u);
  EXPECT_EQ(v2->items.at("B").unit_price().minor_units(), 250);
  EXPECT_EQ(v2->by_barcode.count("3"), 0u);  // C is gone, and its barcode with it
  EXPECT_EQ(v1->items.at("B").unit_price().minor_units(), 200);  // v1 unchanged

  // A snapshot replaces everything.
  auto fresh = ApplyPages(*v2, {Page(0, 5, {Entry("Z", 1, "9")})});
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->items.size(), 1u);
}

TEST(ApplyPages, RefusesPagesThatDoNotMakeAWholeVersion) {
  auto v1 = ApplyPages({}, {Page(0, 1, {Entry("A", 100, "1")})});
  ASSERT_TRUE(v1.ok());
  // A delta from another version than the one held.
  EXPECT_EQ(ApplyPages(*v1, {Page(2, 3, {})}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // The last page says more follow: a half version.
  EXPECT_EQ(ApplyPages(*v1, {Page(1, 2, {}, {}, true)}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // Pages of two versions.
  EXPECT_EQ(ApplyPages(*v1, {Page(1, 2, {}, {}, true), Page(1, 3, {})}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(ApplyPages(*v1, {}).ok());
}

TEST(LocalCatalog, KeepsItsCopyAcrossARestart) {
  ScratchDir dir("local_catalog");
  {
    LocalCatalog catalog(dir.path().string());
    ASSERT_TRUE(catalog.Load().ok());
    EXPECT_EQ(catalog.current(), nullptr);
    ASSERT_TRUE(
        catalog.Apply({Page(0, 4, {Entry("A", 100, "1"), Entry("B", 2, "2")})}).ok());
    ASSERT_TRUE(catalog.Apply({Page(4, 5, {Entry("A", 110, "1")})}).ok());
  }
  LocalCatalog again(dir.path().string());
  ASSERT_TRUE(again.Load().ok());
  ASSERT_NE(again.current(), nullptr);
  EXPECT_EQ(again.current()->version(), 5);
  EXPECT_EQ(again.current()->items.at("A").unit_price().minor_units(), 110);
  EXPECT_EQ(again.current()->by_barcode.at("2"), "B");
}

TEST(LocalCatalog, AFailedWriteLeavesTheCopyInUseAndOnDisk) {
  ScratchDir dir("local_catalog_disk");
  FaultyFileSystem disk;
  LocalCatalog catalog(dir.path().string(), &disk);
  ASSERT_TRUE(catalog.Apply({Page(0, 1, {Entry("A", 100, "1")})}).ok());
  const auto before = catalog.current();
  disk.space_left = 10;  // full midway through the next version
  const absl::Status s = catalog.Apply({Page(1, 2, {Entry("A", 999, "1")})});
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted) << s;
  EXPECT_EQ(catalog.current(), before);
  disk.space_left = -1;
  LocalCatalog reread(dir.path().string());
  ASSERT_TRUE(reread.Load().ok());
  EXPECT_EQ(reread.current()->version(), 1);
  EXPECT_EQ(reread.current()->items.at("A").unit_price().minor_units(), 100);
}

TEST(LocalCatalog, ACorruptFileIsNotPricedFrom) {
  ScratchDir dir("local_catalog_corrupt");
  TillFiles files;
  ASSERT_TRUE(
      files.WriteAtomically((dir.path() / "catalog.pb").string(), "garbage").ok());
  LocalCatalog catalog(dir.path().string());
  EXPECT_EQ(catalog.Load().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(catalog.current(), nullptr);
}

TEST(PriceLocally, MatchesTheServersArithmetic) {
  CatalogCopy copy;
  copy.header.set_tax_rounding(pos::v1::HALF_UP);
  // 2.99 a kg x 1.25 kg = 3.7375 -> 3.74; 7 % tax within it: 374 * 7 / 107 = 24.47 -> 24
  auto kg =
      PriceLocally(copy, Entry("K", 299, "5", 700, pos::v1::KILOGRAM), "5", 1250, 3);
  ASSERT_TRUE(kg.ok()) << kg.status();
  EXPECT_EQ(kg->amount().minor_units(), 374);
  EXPECT_EQ(kg->tax().minor_units(), 24);
  EXPECT_EQ(kg->line_no(), 3);
  EXPECT_EQ(kg->barcode(), "5");
  // Prices excluding tax: 10.00 + 20 % = 12.00.
  copy.header.set_prices_exclude_tax(true);
  auto each = PriceLocally(copy, Entry("E", 1000, "6"), "6", 2000, 1);
  ASSERT_TRUE(each.ok());
  EXPECT_EQ(each->gross().minor_units(), 2000);
  EXPECT_EQ(each->tax().minor_units(), 400);
  EXPECT_EQ(each->amount().minor_units(), 2400);
  // Items sold each need whole quantities.
  EXPECT_FALSE(PriceLocally(copy, Entry("E", 1000, "6"), "6", 1500, 1).ok());
}

}  // namespace
}  // namespace tillstream
