// Till requests off the wire: malformed UTF-8 is answered naming the field,
// read through a lenient view derived from pos.proto itself.
#include "server/rpc/request_parser.h"

#include <gtest/gtest.h>

#include "common/validation.h"

namespace tillstream {
namespace {

TEST(ParseTillRequest, AValidRequestParses) {
  pos::v1::TillRequest r;
  r.set_correlation_id("c7");
  r.mutable_scan()->set_barcode("4001");
  const ParsedRequest parsed = ParseTillRequest(r.SerializeAsString());
  ASSERT_TRUE(parsed.status.ok()) << parsed.status;
  EXPECT_EQ(parsed.correlation_id, "c7");
  EXPECT_EQ(parsed.request.scan().barcode(), "4001");
}

TEST(ParseTillRequest, MalformedUtf8IsBlamedByItsPathAndTheIdIsKept) {
  pos::v1::TillRequest r;
  r.set_correlation_id("c8");
  auto* bill = r.mutable_submit_bill();
  bill->add_tenders()->set_reference("ok");
  bill->add_tenders()->set_reference("x");
  bill->add_lines()->set_sku("A1");
  std::string bytes = r.SerializeAsString();
  // Serialising refuses nothing; corrupt the second tender's "x" on the wire.
  const size_t at = bytes.rfind('x');
  ASSERT_NE(at, std::string::npos);
  bytes[at] = '\xff';
  const ParsedRequest parsed = ParseTillRequest(bytes);
  EXPECT_FALSE(parsed.fatal);
  EXPECT_EQ(parsed.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BlamedField(parsed.status), "submit_bill.tenders[1].reference");
  EXPECT_EQ(parsed.correlation_id, "c8");
}

TEST(ParseTillRequest, BytesThatAreNoTillRequestEndTheStream) {
  const ParsedRequest parsed = ParseTillRequest(std::string("\xff\xff\xff\xff", 4));
  EXPECT_TRUE(parsed.fatal);
  EXPECT_EQ(parsed.status.code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tillstream
