#include "server/domain/customers/masking.h"

#include <gtest/gtest.h>

namespace tillstream {
namespace {

TEST(MaskingTest, MobilesKeepTheCountryPrefixAndTheLastFour) {
  EXPECT_EQ(MaskMobile("+4915112345678"), "+49*******5678");
  EXPECT_EQ(MaskMobile("12345678"), "****5678");
  EXPECT_EQ(MaskMobile("123"), "**3");
  EXPECT_EQ(MaskMobile(""), "");
}

TEST(MaskingTest, EmailsKeepTheirFirstLetterAndDomain) {
  EXPECT_EQ(MaskEmail("jane.doe@example.com"), "j***@example.com");
  EXPECT_EQ(MaskEmail("a@b.c"), "a***@b.c");
  EXPECT_EQ(MaskEmail("not-an-email"), "************");
  EXPECT_EQ(MaskEmail(""), "");
}

TEST(MaskingTest, ATillSeesTheNameAndIdButNoContactData) {
  const Customer c{"id-1",     "Jane Doe", "+4915112345678", "jane@example.com",
                   "CRM-4242", "77778888"};
  const Customer m = MaskedForTill(c);
  EXPECT_EQ(m.customer_id, "id-1");
  EXPECT_EQ(m.name, "Jane Doe");
  EXPECT_EQ(m.card_number, "****8888");
  EXPECT_EQ(m.external_id, "****4242");
  for (const std::string& field : {m.mobile, m.email, m.external_id, m.card_number}) {
    for (const std::string& secret : {c.mobile.substr(0, 10), std::string("jane@"),
                                      std::string("CRM-"), std::string("7777")}) {
      EXPECT_EQ(field.find(secret), std::string::npos) << field;
    }
  }
}

}  // namespace
}  // namespace tillstream
