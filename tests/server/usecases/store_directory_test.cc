// The store directory over fakes, and a till session that sells only while
// its store may.
#include "server/usecases/store_directory.h"

#include <gtest/gtest.h>

#include "server/usecases/till_session.h"
#include "tests/support/fake_repositories.h"

namespace tillstream {
namespace {

class StoreDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::SeedAcme(repos_); }

  StoreUpdate Change(const std::string& store) {
    StoreUpdate u;
    u.org_id = "acme";
    u.store_id = store;
    return u;
  }

  BillInput Sale(const std::string& bill_id, int64_t total) {
    BillInput in;
    in.bill_id = bill_id;
    in.bill_number = "t1-" + bill_id.substr(0, 4);
    in.billing_time = now_;
    in.lines = {{1, "A1", 1000}};
    in.tenders = {{TenderType::kCash, total, ""}};
    in.client_currency = "EUR";
    in.client_total_minor = total;
    return in;
  }

  testing::FakeRepositories repos_;
  StoreDirectory directory_{repos_.AsRepositories()};
  absl::Time now_ = absl::FromUnixSeconds(1763800000);
  TillSession session_{repos_.AsRepositories(), [this] { return now_; }};
};

TEST_F(StoreDirectoryTest, AccountsAreTheCallersScope) {
  ASSERT_TRUE(repos_.CreateOrg({"bolt", "Bolt", "EUR", "Europe/Paris", ""}).ok());
  Principal platform;
  platform.role = Role::kPlatformAdmin;
  auto all = directory_.ListAccounts(platform);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  Principal own;
  own.role = Role::kAuditor;
  own.org_id = "bolt";
  auto mine = directory_.ListAccounts(own);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].org_id, "bolt");
}

TEST_F(StoreDirectoryTest, TheViewCarriesTheDerivedStatus) {
  auto view = directory_.GetStore("acme", "s1");
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(view->status.status, StoreStatus::kReady);
  EXPECT_EQ(view->state.facts.tills, 1);

  ASSERT_TRUE(directory_.CreateCatalog({"acme", "north", "North", 0, ""}).ok());
  StoreUpdate assign = Change("s1");
  assign.catalog_id = "north";
  auto pending = directory_.UpdateStore(assign);
  ASSERT_TRUE(pending.ok()) << pending.status();
  EXPECT_EQ(pending->status.status, StoreStatus::kPending);

  auto stores = directory_.ListStores("acme");
  ASSERT_TRUE(stores.ok());
  ASSERT_EQ(stores->size(), 1u);
  EXPECT_EQ((*stores)[0].status.status, StoreStatus::kPending);
}

TEST_F(StoreDirectoryTest, BadInputIsRefusedBeforeStorage) {
  EXPECT_EQ(directory_.GetStore("acme", "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(directory_.ListStores("no such").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(directory_.UpdateStore(Change("s1")).status().code(),
            absl::StatusCode::kInvalidArgument);  // changes nothing
  EXPECT_EQ(directory_.CreateCatalog({"acme", "", "North", 0, ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(directory_.GetStore("acme", "s9").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(StoreDirectoryTest, ATillSellsOnlyWhileItsStoreMay) {
  ASSERT_TRUE(session_.Hello("acme", "s1", "t1").ok());
  ASSERT_TRUE(session_.Scan("4001", 1000).ok());
  const std::string sold = "123e4567-e89b-42d3-a456-426614174000";
  auto stored = session_.Submit(Sale(sold, 119));
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->bill.catalog_id, kMainCatalogId);
  EXPECT_EQ(stored->bill.catalog_version, 1);

  StoreUpdate off = Change("s1");
  off.enabled = false;
  ASSERT_TRUE(directory_.UpdateStore(off).ok());
  const auto refused = session_.Submit(Sale("223e4567-e89b-42d3-a456-426614174000", 119));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("disabled"), std::string::npos);
  // The bill it stored before is answered, not refused.
  auto replay = session_.Submit(Sale(sold, 119));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(repos_.bill_count(), 1u);

  // A refused store is read again at the next scan, not after a while.
  EXPECT_EQ(session_.Scan("4001", 1000).status().code(),
            absl::StatusCode::kFailedPrecondition);
  StoreUpdate on = Change("s1");
  on.enabled = true;
  ASSERT_TRUE(directory_.UpdateStore(on).ok());
  EXPECT_TRUE(session_.Scan("4001", 1000).ok());
}

TEST_F(StoreDirectoryTest, AResendAfterAPriceChangeIsTheSameSale) {
  ASSERT_TRUE(session_.Hello("acme", "s1", "t1").ok());
  const std::string sold = "123e4567-e89b-42d3-a456-426614174000";
  ASSERT_TRUE(session_.Submit(Sale(sold, 119)).ok());
  ASSERT_TRUE(repos_
                  .UpsertItems("acme", kMainCatalogId,
                               {{"A1", "Milk", 129, 700, Uom::kEach, {"4001"}}})
                  .ok());
  auto replay = session_.Submit(Sale(sold, 119));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->bill.total_minor, 119);
  // A new bill at the old price is refused: the till must re-scan.
  EXPECT_EQ(
      session_.Submit(Sale("323e4567-e89b-42d3-a456-426614174000", 119)).status().code(),
      absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace tillstream
