// Checking a sync's upload: every row, with the first bad ones named.
#include "server/domain/catalog/catalog_sync.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace tillstream {
namespace {

bool Says(const ParsedSync& p, const std::string& text) {
  return p.detail.find(text) != std::string::npos;
}

TEST(ParseSyncRows, ReadsEveryRowWithOrWithoutAHeader) {
  const std::string csv =
      "# the spring list\n"
      "sku,name,price,tax_percent,unit,barcodes\n"
      "A1,\"Milk 1L, organic\",1.19,7,each,4001|4011\n"
      "\n"
      "A2,Apples,2.99,7.5,KG,\n";
  const ParsedSync p = ParseSyncRows(csv, SyncFormat::kCsv, "EUR", nullptr);
  ASSERT_FALSE(p.failure) << p.detail;
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].name, "Milk 1L, organic");
  EXPECT_EQ(p.items[0].unit_price_minor, 119);
  EXPECT_EQ(p.items[0].barcodes, (std::vector<std::string>{"4001", "4011"}));
  EXPECT_EQ(p.items[1].tax_rate_bp, 750);
  EXPECT_EQ(p.items[1].uom, Uom::kKilogram);
  EXPECT_TRUE(p.items[1].barcodes.empty());
  EXPECT_EQ(CountSyncRows(csv), 2);
  EXPECT_EQ(CountSyncRows("A1,Milk,1.19,7,each,4001\n"), 1);  // no header
}

TEST(ParseSyncRows, NamesTheFirstBadRowsAndKeepsNothing) {
  std::string csv = "A1,Milk,1.19,7,each,4001\n";
  csv += "A2,Apples,-1,7,kg,4002\n";       // row 2: negative price
  csv += "A3,Wine,8.49,170,each,4003\n";   // row 3: tax
  csv += "A4,Rope,1.00,7,yard,4004\n";     // row 4: unit
  csv += "A5,Short row\n";                 // row 5: fields
  csv += "A1,Milk again,1.29,7,each,\n";   // row 6: sku repeated
  csv += "A7,\"unterminated,1,7,each,\n";  // row 7
  const ParsedSync p = ParseSyncRows(csv, SyncFormat::kCsv, "EUR", nullptr);
  ASSERT_EQ(p.failure, SyncFailure::kInvalidRows);
  EXPECT_TRUE(p.items.empty());
  EXPECT_TRUE(Says(p, "6 bad row(s)")) << p.detail;
  EXPECT_TRUE(Says(p, "row 2: "));
  EXPECT_TRUE(Says(p, "row 3: tax_percent"));
  EXPECT_TRUE(Says(p, "row 4: unit 'yard'"));
  EXPECT_TRUE(Says(p, "row 5: has 2 fields"));
  EXPECT_TRUE(Says(p, "row 6: sku A1 is also on row 1"));
  EXPECT_FALSE(Says(p, "row 7"));  // five are named, the rest counted
  EXPECT_TRUE(Says(p, "; ..."));
}

TEST(ParseSyncRows, ABarcodeOnTwoItemsIsADuplicate) {
  const ParsedSync p =
      ParseSyncRows("A1,Milk,1.19,7,each,4001\nA2,Cream,0.99,7,each,4002|4001\n",
                    SyncFormat::kCsv, "EUR", nullptr);
  ASSERT_EQ(p.failure, SyncFailure::kDuplicateBarcode);
  EXPECT_TRUE(Says(p, "row 2: barcode 4001 is also on row 1")) << p.detail;
  EXPECT_TRUE(p.items.empty());
}

// Found by the catalog_rows fuzz target: kept, the repeat made the publish
// clash with catalog_barcodes' primary key, three times, then SYSTEM_ERROR.
TEST(ParseSyncRows, ABarcodeRepeatedOnItsOwnRowIsABadRow) {
  const ParsedSync p =
      ParseSyncRows("A1,Milk,1.19,7,each,4001\nA2,Apples,2.99,7,kg,4002|4002\n",
                    SyncFormat::kCsv, "EUR", nullptr);
  ASSERT_EQ(p.failure, SyncFailure::kInvalidRows);
  EXPECT_TRUE(Says(p, "row 2: item.barcodes[1] repeats barcodes[0] (4002)")) << p.detail;
  EXPECT_TRUE(p.items.empty());
}

TEST(ParseSyncRows, AnEmptyUploadIsInvalidAndProgressIsReported) {
  EXPECT_EQ(ParseSyncRows("sku,name,price,tax_percent,unit,barcodes\n", SyncFormat::kCsv,
                          "EUR", nullptr)
                .failure,
            SyncFailure::kInvalidRows);
  std::string csv;
  for (int i = 0; i < 12000; ++i) absl::StrAppend(&csv, "S", i, ",Item,1.00,7,each,\n");
  int reported = 0;
  const ParsedSync p =
      ParseSyncRows(csv, SyncFormat::kCsv, "EUR", [&](int rows) { reported = rows; });
  EXPECT_FALSE(p.failure) << p.detail;
  EXPECT_EQ(p.items.size(), 12000u);
  EXPECT_EQ(reported, 12000);
}

TEST(ValidateSyncRequest, NamesEitherACatalogOrAStore) {
  EXPECT_TRUE(ValidateSyncRequest({"acme", "main", "", SyncFormat::kCsv, ""}).ok());
  EXPECT_TRUE(ValidateSyncRequest({"acme", "", "s1", SyncFormat::kCsv, ""}).ok());
  EXPECT_FALSE(ValidateSyncRequest({"acme", "main", "s1", SyncFormat::kCsv, ""}).ok());
  EXPECT_FALSE(ValidateSyncRequest({"acme", "", "", SyncFormat::kCsv, ""}).ok());
  EXPECT_FALSE(ValidateSyncRequest({"", "main", "", SyncFormat::kCsv, ""}).ok());
  EXPECT_STREQ(SyncFailureName(SyncFailure::kDuplicateBarcode), "DUPLICATE_BARCODE");
  EXPECT_STREQ(SyncStateName(SyncState::kInProgress), "IN_PROGRESS");
}

TEST(ParseSyncRows, ReadsJsonLinesWithStringsOrNumbers) {
  const std::string rows =
      R"({"sku":"A1","name":"Milk, 1 l","price":"1.19","tax_percent":7,"unit":"each","barcodes":["4001","4011"]})"
      "\n"
      R"({"sku":"A2","name":"Apples","price":2.99,"tax_percent":"7","unit":"kg","barcodes":"4002"})"
      "\n"
      R"({"sku":"A3","name":"Bag","price":0.1,"tax_percent":19.5,"unit":"each"})"
      "\n";
  const ParsedSync p = ParseSyncRows(rows, SyncFormat::kJsonLines, "EUR", nullptr);
  ASSERT_FALSE(p.failure) << p.detail;
  ASSERT_EQ(p.items.size(), 3u);
  EXPECT_EQ(p.items[0].name, "Milk, 1 l");
  EXPECT_EQ(p.items[0].unit_price_minor, 119);
  EXPECT_EQ(p.items[0].barcodes, (std::vector<std::string>{"4001", "4011"}));
  EXPECT_EQ(p.items[1].unit_price_minor, 299);  // a JSON number, read exactly
  EXPECT_EQ(p.items[1].uom, Uom::kKilogram);
  EXPECT_EQ(p.items[2].unit_price_minor, 10);
  EXPECT_EQ(p.items[2].tax_rate_bp, 1950);
  EXPECT_TRUE(p.items[2].barcodes.empty());
}

TEST(ParseSyncRows, NamesWhatIsWrongWithAJsonLine) {
  const std::string rows =
      "not json\n"
      R"({"sku":"A1","name":"Milk","price":"1.19","tax_percent":7,"unit":"each","colour":"red"})"
      "\n"
      R"({"sku":"A2","name":"Milk","tax_percent":7,"unit":"each"})"
      "\n"
      R"({"sku":"A3","name":"Milk","price":"1.19","tax_percent":7,"unit":"each","barcodes":[4003]})"
      "\n"
      R"({"sku":"A4","name":"Milk","price":true,"tax_percent":7,"unit":"each"})"
      "\n";
  const ParsedSync p = ParseSyncRows(rows, SyncFormat::kJsonLines, "EUR", nullptr);
  ASSERT_EQ(p.failure, SyncFailure::kInvalidRows);
  EXPECT_TRUE(Says(p, "row 1: is not a JSON object")) << p.detail;
  EXPECT_TRUE(Says(p, "row 2: has the unknown key \"colour\"")) << p.detail;
  EXPECT_TRUE(Says(p, "row 3: has no \"price\"")) << p.detail;
  EXPECT_TRUE(Says(p, "row 4: barcodes must be strings")) << p.detail;
  EXPECT_TRUE(Says(p, "row 5: \"price\" must be a string or a number")) << p.detail;
  EXPECT_TRUE(p.items.empty());
}

}  // namespace
}  // namespace tillstream
