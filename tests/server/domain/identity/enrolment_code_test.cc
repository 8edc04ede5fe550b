#include "server/domain/identity/enrolment_code.h"

#include <gtest/gtest.h>

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "common/validation.h"

namespace tillstream {
namespace {

TEST(EnrolmentCodeTest, CodesAreGroupedRandomAndStoredAsTheirDigest) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const EnrolmentCode code = NewEnrolmentCode();
    ASSERT_EQ(code.text.size(), 14u) << code.text;
    EXPECT_EQ(code.text[4], '-');
    EXPECT_EQ(code.text[9], '-');
    EXPECT_EQ(code.text.find_first_of("ILOU"), std::string::npos) << code.text;
    EXPECT_EQ(*EnrolmentCodeDigest("code", code.text), code.sha256);
    EXPECT_EQ(code.sha256.find(absl::StrReplaceAll(code.text, {{"-", ""}})),
              std::string::npos);
    seen.insert(code.text);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(EnrolmentCodeTest, WhatPeopleTypeIsForgivenButOnlyThat) {
  const EnrolmentCode code = NewEnrolmentCode();
  std::string typed = absl::AsciiStrToLower(absl::StrReplaceAll(code.text, {{"-", " "}}));
  EXPECT_EQ(*EnrolmentCodeDigest("code", typed), code.sha256);
  // O and I/L read as 0 and 1.
  EXPECT_EQ(*EnrolmentCodeDigest("code", "OOOO-IIII-LLLL"),
            *EnrolmentCodeDigest("code", "0000-1111-1111"));
  // Another code is another digest.
  EXPECT_NE(*EnrolmentCodeDigest("code", "0000-1111-1112"),
            *EnrolmentCodeDigest("code", "0000-1111-1111"));
  for (const char* bad :
       {"", "0000-1111-111", "0000-1111-11111", "0000-1111-111U", "0000_1111_1111"}) {
    auto digest = EnrolmentCodeDigest("code", bad);
    EXPECT_EQ(digest.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(BlamedField(digest.status()), "code") << bad;
  }
}

}  // namespace
}  // namespace tillstream
