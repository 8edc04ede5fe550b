// The PostgreSQL repositories (PgStorage) and migrations against a real
// PostgreSQL cluster.
#include "server/storage/pg_storage.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "common/business_date.h"
#include "common/ids.h"
#include "server/domain/sales/bill_input.h"
#include "server/domain/sales/fingerprint.h"
#include "server/domain/sales/pricing.h"
#include "server/domain/sales/settlement.h"
#include "server/storage/catalog_version_feed.h"
#include "server/storage/migrations.h"
#include "tests/support/pg_environment.h"
#include "tests/support/stored_bills.h"

namespace tillstream {
namespace {

using testing::PgEnvironment;

class PgStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pool = PgPool::Open(PgEnvironment::url(), 8, &PgStorage::PrepareStatements);
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    repo_ = std::make_unique<PgStorage>(pool_.get());
    org_ = PgEnvironment::UniqueId("org");
    ASSERT_TRUE(
        repo_->orgs.CreateOrg({org_, "Test org", "EUR", "Europe/Berlin", ""}).ok());
    ASSERT_TRUE(repo_->orgs
                    .CreateStore(
                        {org_, "s1", "Main", "", "", "", "", kMainCatalogId, true, false})
                    .ok());
    ASSERT_TRUE(repo_->orgs.CreateTill({org_, "s1", "t1"}).ok());
    auto counts = repo_->catalog.UpsertItems(
        org_, kMainCatalogId,
        {{"A1", "Milk", 119, 700, Uom::kEach, {"4001"}},
         {"A3", "Wine", 849, 1900, Uom::kEach, {"4003", "4004"}}});
    ASSERT_TRUE(counts.ok()) << counts.status();
  }

  Bill MakeBill(const std::string& number, int64_t cash) {
    auto till = repo_->orgs.FindTill(org_, "s1", "t1");
    EXPECT_TRUE(till.ok());
    BillInput in;
    in.bill_id = NewUuid();
    in.bill_number = number;
    in.billing_time = absl::FromUnixMicros(1763800000123456);
    in.lines = {{1, "A1", 2000}, {2, "A3", 1000}};
    in.tenders = {{TenderType::kCash, cash, ""}};
    in.client_currency = "EUR";
    in.client_total_minor = 1087;
    auto items = repo_->catalog.FindBySkus(org_, kMainCatalogId, {"A1", "A3"});
    auto bill = PriceBill(*till, in, items->items, TaxPolicy{});
    EXPECT_TRUE(bill.ok()) << bill.status();
    EXPECT_TRUE(SettleBill(in, &*bill).ok());
    EXPECT_TRUE(bill.ok()) << bill.status();
    return *bill;
  }

  std::unique_ptr<PgPool> pool_;
  std::unique_ptr<PgStorage> repo_;
  std::string org_;
};

TEST(CatalogVersionFeed, PayloadsRoundTrip) {
  PublishedVersion back;
  ASSERT_TRUE(
      DecodePublishedVersion(EncodePublishedVersion({"acme", "north", 7}), &back));
  EXPECT_EQ(back.org_id, "acme");
  EXPECT_EQ(back.catalog_id, "north");
  EXPECT_EQ(back.version, 7);
  const std::string sep = "\x1f";
  EXPECT_FALSE(DecodePublishedVersion("acme" + sep + "north", &back));
  EXPECT_FALSE(DecodePublishedVersion("acme" + sep + "north" + sep + "0", &back));
  EXPECT_FALSE(DecodePublishedVersion("acme" + sep + "north" + sep + "seven", &back));
}

TEST(StatusFromPqxx, MapsWhatCallersActOn) {
  // libpqxx 6.4 derives these from pqxx::failure, not sql_error.
  EXPECT_EQ(StatusFromPqxx(pqxx::deadlock_detected("deadlock")).code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(StatusFromPqxx(pqxx::serialization_failure("s")).code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(StatusFromPqxx(pqxx::in_doubt_error("d")).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromPqxx(pqxx::broken_connection("b")).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusFromPqxx(pqxx::unique_violation("u", "", "23505")).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(StatusFromPqxx(pqxx::foreign_key_violation("f", "", "23503")).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(Migrations, ApplyOnceEvenWhenServersStartTogether) {
  const std::string url = PgEnvironment::CreateDatabase(PgEnvironment::UniqueId("mig"));
  std::atomic<int> applied{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> servers;
  for (int i = 0; i < 4; ++i) {
    servers.emplace_back([&] {
      auto pool = PgPool::Open(url, 1);
      if (!pool.ok()) return void(++failures);
      auto n = ApplyMigrations(**pool, BuiltInMigrations());
      if (!n.ok()) return void(++failures);
      applied += *n;
    });
  }
  for (auto& t : servers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(applied.load(), static_cast<int>(BuiltInMigrations().size()));
  auto pool = PgPool::Open(url, 1);
  ASSERT_TRUE(pool.ok());
  EXPECT_EQ(ApplyMigrations(**pool, BuiltInMigrations()).value(), 0);
}

TEST_F(PgStorageTest, CreatesAreIdempotentAndConflictsAreNamed) {
  EXPECT_TRUE(repo_->orgs.CreateOrg({org_, "Test org", "EUR", "Europe/Berlin", ""}).ok());
  auto clash = repo_->orgs.CreateOrg({org_, "Other name", "EUR", "Europe/Berlin", ""});
  EXPECT_EQ(clash.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(clash.status().message().find("Test org"), std::string::npos);
  EXPECT_EQ(
      repo_->orgs.CreateStore({"no-such-org", "s1", "x", "", "", "", "", "", true, false})
          .status()
          .code(),
      absl::StatusCode::kNotFound);
  EXPECT_EQ(repo_->orgs.CreateTill({org_, "s9", "t1"}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(repo_->orgs.FindTill(org_, "s1", "t9").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(PgStorageTest, UpsertCountsChangesAndMovesBarcodes) {
  auto again = repo_->catalog.UpsertItems(
      org_, kMainCatalogId, {{"A1", "Milk", 119, 700, Uom::kEach, {"4001"}}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 1);
  auto moved = repo_->catalog.UpsertItems(
      org_, kMainCatalogId, {{"A1", "Milk", 129, 700, Uom::kEach, {"4001", "4004"}}});
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->updated, 1);
  EXPECT_EQ(repo_->catalog.FindByBarcode(org_, kMainCatalogId, "4004")->items[0].sku,
            "A1");
  EXPECT_EQ(repo_->catalog.FindByBarcode(org_, kMainCatalogId, "4003")->items[0].sku,
            "A3");
  EXPECT_EQ(repo_->catalog.FindByBarcode(org_, kMainCatalogId, "4001")
                ->items[0]
                .unit_price_minor,
            129);
  EXPECT_EQ(repo_->catalog.FindByBarcode(org_, kMainCatalogId, "9999").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(PgStorageTest, SaveBillStoresEverythingAndReadsItBackExactly) {
  const Bill bill = MakeBill("t1-000001", 2000);
  auto stored = repo_->bills.SaveBill(bill, "fp1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_FALSE(stored->replayed);
  auto read = repo_->bills.GetBill(org_, bill.bill_id);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->bill.billing_time, bill.billing_time);  // to the microsecond
  EXPECT_EQ(read->bill.total_minor, 1087);
  EXPECT_EQ(read->bill.change_minor, 913);
  EXPECT_EQ(read->bill.business_date, "2025-11-22");
  ASSERT_EQ(read->bill.lines.size(), 2u);
  EXPECT_EQ(read->bill.lines[0].amount_minor, 238);
  EXPECT_EQ(read->bill.lines[1].tax_minor, 136);
  ASSERT_EQ(read->bill.tenders.size(), 1u);
  EXPECT_EQ(read->received_at, stored->received_at);
}

TEST_F(PgStorageTest, ReplayAnswersTheOriginalAndReuseIsRefused) {
  const Bill bill = MakeBill("t1-000002", 1087);
  auto first = repo_->bills.SaveBill(bill, "fp-a");
  ASSERT_TRUE(first.ok());
  auto replay = repo_->bills.SaveBill(bill, "fp-a");
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->received_at, first->received_at);
  Bill other = bill;
  other.bill_number = "t1-999999";
  auto reuse = repo_->bills.SaveBill(other, "fp-b");
  EXPECT_EQ(reuse.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(PgEnvironment::Query("SELECT bill_number FROM bills WHERE bill_id = $1::uuid",
                                 bill.bill_id),
            "t1-000002");
}

TEST_F(PgStorageTest, ABillStoredBeforeTheReshapeStillReplays) {
  TillContext till;
  BillInput in;
  testing::StoredSale(&till, &in);
  Customer buyer;
  buyer.customer_id = in.customer_id;
  buyer.name = "Golden buyer";
  ASSERT_TRUE(repo_->customers.EnrolCustomer(org_, buyer).ok());
  auto ctx = repo_->orgs.FindTill(org_, "s1", "t1");
  ASSERT_TRUE(ctx.ok());
  auto items = repo_->catalog.FindBySkus(org_, kMainCatalogId, {"A1", "A3"});
  auto bill = PriceBill(*ctx, in, items->items, TaxPolicy{});
  ASSERT_TRUE(bill.ok()) << bill.status();
  // Stored by the earlier version, under the fingerprint it computed.
  ASSERT_TRUE(repo_->bills.SaveBill(*bill, testing::kStoredSaleFingerprint).ok());
  // The till resends it; this version fingerprints the resend.
  auto resend = repo_->bills.SaveBill(*bill, BillFingerprint(till, in));
  ASSERT_TRUE(resend.ok()) << resend.status();
  EXPECT_TRUE(resend->replayed);
  EXPECT_EQ(resend->bill.bill_number, "t1-000042");
}

TEST_F(PgStorageTest, RacingRetriesOfOneBillStoreItOnce) {
  const Bill bill = MakeBill("t1-000003", 1087);
  constexpr int kRacers = 8;
  std::atomic<int> originals{0}, replays{0}, errors{0};
  std::vector<std::thread> racers;
  for (int i = 0; i < kRacers; ++i) {
    racers.emplace_back([&] {
      auto r = repo_->bills.SaveBill(bill, "fp-race");
      if (!r.ok()) return void(++errors);
      (r->replayed ? replays : originals)++;
    });
  }
  for (auto& t : racers) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(originals.load(), 1);
  EXPECT_EQ(replays.load(), kRacers - 1);
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT count(*) FROM bill_lines WHERE bill_id = $1::uuid", bill.bill_id),
            "2");
}

TEST_F(PgStorageTest, AnUnknownCustomerStoresNothing) {
  Bill bill = MakeBill("t1-000004", 1087);
  bill.customer_id = NewUuid();
  EXPECT_EQ(repo_->bills.SaveBill(bill, "fp").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(PgEnvironment::Query("SELECT count(*) FROM bills WHERE bill_id = $1::uuid",
                                 bill.bill_id),
            "0");
}

TEST_F(PgStorageTest, ListsPagesAndSummarisesTheDay) {
  for (int i = 0; i < 5; ++i) {
    Bill bill = MakeBill("t1-1" + std::to_string(i), i % 2 == 0 ? 1100 : 1087);
    bill.billing_time += absl::Seconds(i);
    ASSERT_TRUE(repo_->bills.SaveBill(bill, "fp").ok());
  }
  std::vector<std::string> seen;
  std::optional<BillCursor> after;
  for (;;) {
    auto page = repo_->bills.ListBills(org_, "2025-11-22", "", 2, after);
    ASSERT_TRUE(page.ok()) << page.status();
    if (page->empty()) break;
    for (const auto& b : *page) seen.push_back(b.bill_number);
    after = BillCursor{page->back().billing_time, page->back().bill_id};
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"t1-10", "t1-11", "t1-12", "t1-13", "t1-14"}));
  EXPECT_TRUE(
      repo_->bills.ListBills(org_, "2025-11-22", "s2", 10, std::nullopt)->empty());

  auto day = repo_->reports.GetDaySummary(org_, "2025-11-22");
  ASSERT_TRUE(day.ok()) << day.status();
  ASSERT_EQ(day->tills.size(), 1u);
  EXPECT_EQ(day->tills[0].bills, 5);
  EXPECT_EQ(day->tills[0].lines, 10);
  EXPECT_EQ(day->tills[0].total_minor, 5 * 1087);
  ASSERT_EQ(day->tenders.size(), 1u);
  EXPECT_EQ(day->tenders[0].second, 5 * 1087);  // cash net of change
}

}  // namespace
}  // namespace tillstream
