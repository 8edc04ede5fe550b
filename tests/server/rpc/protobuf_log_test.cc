// libprotobuf's log lines go through spdlog, throttled, never to stderr.
#include "server/rpc/protobuf_log.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "absl/strings/str_split.h"
#include "pos/v1/pos.pb.h"

namespace tillstream {
namespace {

TEST(LogThrottle, OneLinePerSourceAndWindowThenTheCountLeftOut) {
  LogThrottle throttle(absl::Seconds(10));
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  int left_out = -1;
  EXPECT_TRUE(throttle.Admit("a.cc:1", t0, &left_out));
  EXPECT_EQ(left_out, 0);
  EXPECT_FALSE(throttle.Admit("a.cc:1", t0 + absl::Seconds(1), &left_out));
  EXPECT_FALSE(throttle.Admit("a.cc:1", t0 + absl::Seconds(9), &left_out));
  EXPECT_TRUE(throttle.Admit("b.cc:7", t0 + absl::Seconds(9), &left_out));  // its own
  EXPECT_EQ(left_out, 0);
  EXPECT_TRUE(throttle.Admit("a.cc:1", t0 + absl::Seconds(10), &left_out));
  EXPECT_EQ(left_out, 2);
  EXPECT_FALSE(throttle.Admit("a.cc:1", t0 + absl::Seconds(11), &left_out));
}

TEST(RouteProtobufLogs, AFloodOfInvalidUtf8IsOneLoggedLineAndNothingOnStderr) {
  std::ostringstream lines;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(lines)));
  RouteProtobufLogs();

  pos::v1::TillRequest hostile;
  hostile.set_correlation_id("c1");
  hostile.mutable_scan()->set_barcode("4001");
  std::string wire = hostile.SerializeAsString();
  wire[wire.find("4001")] = '\xff';  // the barcode is no longer UTF-8
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 300; ++i) {
    pos::v1::TillRequest parsed;
    EXPECT_FALSE(parsed.ParseFromString(wire));
  }
  const std::string stderr_text = ::testing::internal::GetCapturedStderr();
  spdlog::set_default_logger(previous);

  EXPECT_EQ(stderr_text.find("libprotobuf"), std::string::npos) << stderr_text;
  const std::vector<std::string> logged =
      absl::StrSplit(lines.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(logged.size(), 1u) << lines.str();
  EXPECT_NE(logged[0].find("invalid UTF-8"), std::string::npos) << logged[0];
  EXPECT_NE(logged[0].find("pos.v1.Scan.barcode"), std::string::npos) << logged[0];
}

}  // namespace
}  // namespace tillstream
