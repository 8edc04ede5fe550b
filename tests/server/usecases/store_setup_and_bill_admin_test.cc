#include <gtest/gtest.h>

#include "server/usecases/bill_admin.h"
#include "server/usecases/store_setup.h"
#include "tests/support/fake_repositories.h"

namespace tillstream {
namespace {

class StoreSetupAndBillAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(setup_.CreateOrg({"acme", "Acme", "EUR", "Europe/Berlin", ""}).ok());
  }
  testing::FakeRepositories repos_;
  StoreSetup setup_{repos_.AsRepositories()};
  BillAdmin bills_{repos_.AsRepositories()};
};

TEST_F(StoreSetupAndBillAdminTest, CreateOrgValidatesCurrencyAndTimeZone) {
  EXPECT_EQ(setup_.CreateOrg({"x", "X", "EURO", "UTC", ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto bad_tz = setup_.CreateOrg({"x", "X", "EUR", "Mars/Olympus", ""});
  EXPECT_EQ(bad_tz.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_tz.status().message().substr(0, 9), "time_zone");
  EXPECT_EQ(setup_.CreateOrg({"", "X", "EUR", "UTC", ""}).status().message(),
            "org_id is required");
}

TEST_F(StoreSetupAndBillAdminTest, UpsertItemsValidatesEveryItemAndRejectsDuplicates) {
  CatalogItem ok{"A1", "Milk", 119, 700, Uom::kEach, {"4001"}};
  EXPECT_TRUE(setup_.UpsertItems("acme", kMainCatalogId, "EUR", {ok}).ok());
  CatalogItem neg = ok;
  neg.unit_price_minor = -1;
  EXPECT_EQ(setup_.UpsertItems("acme", kMainCatalogId, "EUR", {neg})
                .status()
                .message()
                .substr(0, 19),
            "items[0].unit_price");
  CatalogItem tax = ok;
  tax.tax_rate_bp = 10001;
  EXPECT_FALSE(setup_.UpsertItems("acme", kMainCatalogId, "EUR", {tax}).ok());
  CatalogItem dup = ok;
  dup.barcodes = {"4009"};
  EXPECT_NE(setup_.UpsertItems("acme", kMainCatalogId, "EUR", {ok, dup})
                .status()
                .message()
                .find("twice"),
            std::string::npos);
  CatalogItem repeated = ok;
  repeated.barcodes = {"4001", "4011", "4001"};
  EXPECT_EQ(
      setup_.UpsertItems("acme", kMainCatalogId, "EUR", {repeated}).status().message(),
      "items[0].barcodes[2] repeats barcodes[0] (4001): an item lists a barcode once");
  CatalogItem utf = ok;
  utf.name = "Milk \xff";
  EXPECT_EQ(setup_.UpsertItems("acme", kMainCatalogId, "EUR", {utf}).status().message(),
            "items[0].name is not valid UTF-8");
  EXPECT_EQ(setup_.UpsertItems("acme", kMainCatalogId, "USD", {ok}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(setup_.UpsertItems("nope", kMainCatalogId, "EUR", {ok}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(StoreSetupAndBillAdminTest, ListBillsPagesWithTokens) {
  for (int i = 0; i < 3; ++i) {
    repos_.list_result.push_back(
        BillSummary{"123e4567-e89b-42d3-a456-42661417400" + std::to_string(i), "n", "s1",
                    "t1", absl::FromUnixSeconds(1763800000 + i), "EUR", 100, 1});
  }
  auto page = bills_.ListBills("acme", "2025-11-22", "", 2, "");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(repos_.last_list_limit, 3);  // one more than asked, to know if more follow
  EXPECT_EQ(page->bills.size(), 2u);
  EXPECT_EQ(page->next_page_token,
            "1763800001000000_123e4567-e89b-42d3-a456-426614174001");
  EXPECT_TRUE(bills_.ListBills("acme", "2025-11-22", "", 2, page->next_page_token).ok());
  EXPECT_EQ(bills_.ListBills("acme", "2025-11-22", "", 2, "garbage").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bills_.ListBills("acme", "22.11.2025", "", 2, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bills_.ListBills("acme", "2025-11-22", "", 5000, "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tillstream
