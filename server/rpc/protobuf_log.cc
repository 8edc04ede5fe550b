#include "server/rpc/protobuf_log.h"

#include <google/protobuf/stubs/logging.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace tillstream {

bool LogThrottle::Admit(const std::string& source, absl::Time now, int* left_out) {
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, first] = seen_.try_emplace(source);
  Seen& seen = it->second;
  if (!first && now - seen.written < window_) {
    ++seen.left_out;
    return false;
  }
  *left_out = seen.left_out;
  seen = Seen{now, 0};
  return true;
}

namespace {

LogThrottle* g_throttle = nullptr;

void ToSpdlog(google::protobuf::LogLevel level, const char* filename, int line,
              const std::string& message) {
  int left_out = 0;
  if (!g_throttle->Admit(absl::StrCat(filename, ":", line), absl::Now(), &left_out)) {
    return;
  }
  const std::string more =
      left_out > 0 ? absl::StrCat(" (", left_out, " more like it left out)") : "";
  switch (level) {
    case google::protobuf::LOGLEVEL_INFO:
      spdlog::info("protobuf: {}{}", message, more);
      break;
    case google::protobuf::LOGLEVEL_WARNING:
      spdlog::warn("protobuf: {}{}", message, more);
      break;
    default:  // ERROR; FATAL aborts after the handler returns
      spdlog::error("protobuf: {}{}", message, more);
      break;
  }
}

}  // namespace

void RouteProtobufLogs(absl::Duration window) {
  static LogThrottle throttle(window);
  g_throttle = &throttle;
  google::protobuf::SetLogHandler(&ToSpdlog);
}

}  // namespace tillstream
