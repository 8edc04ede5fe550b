#include "client/customer_lookup.h"

#include <gtest/gtest.h>

namespace tillstream {
namespace {

TEST(CustomerLookup, ReadsEachWayAPersonNamesACustomer) {
  EXPECT_EQ(ParseCustomerLookup("card:1234-5678").card_number(), "1234-5678");
  EXPECT_EQ(ParseCustomerLookup("ext:CRM-42").external_id(), "CRM-42");
  EXPECT_EQ(ParseCustomerLookup("Jane@Example.com").email(), "Jane@Example.com");
  EXPECT_EQ(ParseCustomerLookup("7c9e6679-7425-40de-944b-e07fc1f90ae7").customer_id(),
            "7c9e6679-7425-40de-944b-e07fc1f90ae7");
  const auto mobile = ParseCustomerLookup("+49 151 12345678");
  EXPECT_EQ(mobile.mobile(), "+49 151 12345678");
  EXPECT_TRUE(mobile.customer_id().empty());
  // Almost a UUID is a mobile for the server to check, not an id.
  EXPECT_EQ(ParseCustomerLookup("7c9e6679-7425-40de-944b-e07fc1f90ae").mobile(),
            "7c9e6679-7425-40de-944b-e07fc1f90ae");
}

}  // namespace
}  // namespace tillstream
