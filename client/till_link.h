// What the cashier's console and the outbox sender need of a connection to
// the back office. TillClient is the real one (a gRPC till stream); tests
// bring their own.
#ifndef TILLSTREAM_CLIENT_TILL_LINK_H_
#define TILLSTREAM_CLIENT_TILL_LINK_H_

#include "absl/status/statusor.h"
#include "pos/v1/pos.pb.h"

namespace tillstream {

class TillLink {
 public:
  virtual ~TillLink() = default;

  // Opens the connection and says hello.
  virtual absl::StatusOr<pos::v1::HelloAck> Connect() = 0;
  // Whether the last exchange left the connection usable.
  virtual bool connected() = 0;
  // One request; a broken or silent connection answers UNAVAILABLE or
  // DEADLINE_EXCEEDED, a refusal the server's code.
  virtual absl::StatusOr<pos::v1::TillResponse> Call(pos::v1::TillRequest request) = 0;
  // Call, reconnecting and resending while the back office does not answer.
  // Only for idempotent requests.
  virtual absl::StatusOr<pos::v1::TillResponse> CallWithRetry(
      const pos::v1::TillRequest& request) = 0;
  virtual const pos::v1::HelloAck& hello() const = 0;
};

// The answers after which sending the same request again may succeed.
inline bool IsTransient(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kDeadlineExceeded ||
         status.code() == absl::StatusCode::kAborted;
}

}  // namespace tillstream

#endif  // TILLSTREAM_CLIENT_TILL_LINK_H_
