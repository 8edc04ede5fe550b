// libprotobuf's own log lines (one "invalid UTF-8" ERROR for every hostile
// message a till sends) through spdlog, throttled: a flood of bad input
// must not flood stderr, and the stream already answers which field is bad.
#ifndef TILLSTREAM_SERVER_RPC_PROTOBUF_LOG_H_
#define TILLSTREAM_SERVER_RPC_PROTOBUF_LOG_H_

#include <map>
#include <mutex>
#include <string>

#include "absl/time/time.h"

namespace tillstream {

// At most one line per source location and window; the next line after
// the window says how many were left out.
class LogThrottle {
 public:
  explicit LogThrottle(absl::Duration window) : window_(window) {}

  // Whether a line from `source` at `now` is written; *left_out is how
  // many from it were not written since the last one that was.
  bool Admit(const std::string& source, absl::Time now, int* left_out);

 private:
  struct Seen {
    absl::Time written;
    int left_out = 0;
  };
  const absl::Duration window_;
  std::mutex mu_;
  std::map<std::string, Seen> seen_;
};

// Installs the handler for the whole process (posd's main does).
void RouteProtobufLogs(absl::Duration window = absl::Seconds(10));

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_PROTOBUF_LOG_H_
