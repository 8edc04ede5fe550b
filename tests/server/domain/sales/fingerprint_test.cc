#include "server/domain/sales/fingerprint.h"

#include <gtest/gtest.h>

#include "tests/support/stored_bills.h"

namespace tillstream {
namespace {

TEST(BillFingerprint, BillsStoredBeforeStillMatchTheirResends) {
  TillContext till;
  BillInput sale;
  testing::StoredSale(&till, &sale);
  EXPECT_EQ(BillFingerprint(till, sale), testing::kStoredSaleFingerprint);
  BillInput ret;
  testing::StoredReturn(&till, &ret);
  EXPECT_EQ(BillFingerprint(till, ret), testing::kStoredReturnFingerprint);
}

}  // namespace
}  // namespace tillstream
