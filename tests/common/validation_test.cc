#include "common/validation.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/digest.h"
#include "common/ids.h"

namespace tillstream {
namespace {

TEST(Utf8, AcceptsValidRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("K\xc3\xa4se"));        // Käse
  EXPECT_TRUE(IsValidUtf8("\xe2\x82\xac"));       // €
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x8d\x8e"));   // 🍎
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xff"));
}

TEST(CheckText, NamesTheFieldAndTheProblem) {
  const absl::Status s = CheckText("items[3].name", "K\xc3", 10);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "items[3].name is not valid UTF-8");
  EXPECT_EQ(CheckText("name", std::string(11, 'a'), 10).message(),
            "name is 11 characters long; the limit is 10");
  EXPECT_EQ(CheckText("name", "", 10).message(), "name is required");
  EXPECT_TRUE(CheckText("name", "", 10, /*optional=*/true).ok());
  EXPECT_FALSE(CheckText("name", "a\nb", 10).ok());
}

TEST(CheckCode, AllowsOperatorCodes) {
  EXPECT_TRUE(CheckCode("org_id", "acme-01.de_x").ok());
  EXPECT_FALSE(CheckCode("org_id", "-acme").ok());
  EXPECT_FALSE(CheckCode("org_id", "ac me").ok());
  EXPECT_FALSE(CheckCode("org_id", std::string(33, 'a')).ok());
}

TEST(CheckBillNumber, PrintableAsciiUpTo50) {
  EXPECT_TRUE(CheckBillNumber("bill_number", "S1/T2-000001").ok());
  EXPECT_TRUE(CheckBillNumber("bill_number", std::string(50, '9')).ok());
  EXPECT_FALSE(CheckBillNumber("bill_number", std::string(51, '9')).ok());
  EXPECT_FALSE(CheckBillNumber("bill_number", "A 1").ok());
}

TEST(Uuid, GeneratesDistinctVersion4Uuids) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewUuid();
    ASSERT_TRUE(IsUuid(id)) << id;
    EXPECT_EQ(id[14], '4');
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_FALSE(IsUuid("123e4567e89b42d3a456426614174000"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-42d3-a456-42661417400g"));
}

TEST(Digest, Sha256KnownAnswer) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(FieldError, CarriesTheBlamedFieldAsAPayload) {
  const absl::Status s = FieldError("lines[2].sku", "is required");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "lines[2].sku is required");
  EXPECT_EQ(BlamedField(s), "lines[2].sku");
  // A message that merely starts with a word blames nothing.
  EXPECT_EQ(BlamedField(absl::InvalidArgumentError("points must be positive")), "");
  EXPECT_EQ(BlamedField(absl::OkStatus()), "");
}

TEST(ValidationTest, RequestIdsAreShortCodesOfTheCallersChoosing) {
  EXPECT_TRUE(CheckRequestId("request_id", "order-1001:items.2").ok());
  EXPECT_FALSE(CheckRequestId("request_id", "").ok());
  EXPECT_FALSE(CheckRequestId("request_id", "two words").ok());
  EXPECT_FALSE(CheckRequestId("request_id", std::string(65, 'a')).ok());
  EXPECT_EQ(BlamedField(CheckRequestId("request_id", "")), "request_id");
}

}  // namespace
}  // namespace tillstream
