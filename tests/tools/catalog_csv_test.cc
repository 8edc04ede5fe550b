#include "tools/catalog_csv.h"

#include <gtest/gtest.h>

namespace tillstream {
namespace {

TEST(CatalogCsv, ParsesQuotedFieldsUnitsAndBarcodes) {
  auto items = ParseCatalogCsv(
      "sku,name,price,tax_percent,unit,barcodes\n"
      "A1,\"Milk 1L, \"\"organic\"\"\",1.19,7,each,4001|4002\n"
      "A2,Apples,2.99,7.5,kg,\n",
      "EUR");
  ASSERT_TRUE(items.ok()) << items.status();
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].name(), "Milk 1L, \"organic\"");
  EXPECT_EQ((*items)[0].unit_price().minor_units(), 119);
  EXPECT_EQ((*items)[0].barcodes_size(), 2);
  EXPECT_EQ((*items)[1].tax_rate_bp(), 750);
  EXPECT_EQ((*items)[1].unit(), pos::v1::KILOGRAM);
}

TEST(CatalogCsv, ErrorsNameTheLine) {
  auto bad = ParseCatalogCsv(
      "sku,name,price,tax_percent,unit,barcodes\nA1,Milk,1.1.9,7,each,\n", "EUR");
  EXPECT_EQ(bad.status().message().substr(0, 7), "line 2:");
  EXPECT_FALSE(ParseCatalogCsv("A1,Milk,1.19,7,crate,\n", "EUR").ok());
  EXPECT_FALSE(ParseCatalogCsv("A1,\"Milk,1.19,7,each,\n", "EUR").ok());
  EXPECT_FALSE(ParseCatalogCsv("A1,Milk,1.19,107,each,\n", "EUR").ok());
}

}  // namespace
}  // namespace tillstream
