// Client side of the till stream: one request at a time, each answered by the
// response carrying its correlation id. Server pushes go to a callback.
// Transport failures reset the stream; CallWithRetry reconnects (hello again)
// and re-sends, which is safe for idempotent requests such as submit_bill.
#ifndef TILLSTREAM_CLIENT_TILL_CLIENT_H_
#define TILLSTREAM_CLIENT_TILL_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "client/channel.h"
#include "client/till_link.h"
#include "pos/v1/pos.grpc.pb.h"

namespace tillstream {

struct TillClientOptions {
  std::string server = "127.0.0.1:50051";
  std::string org_id;
  std::string store_id;
  std::string till_id;
  TillCredential credential;                 // the till's certificate (from enrolment)
  std::chrono::milliseconds timeout{10000};  // per request
  int max_attempts = 8;                      // CallWithRetry
  std::chrono::milliseconds backoff{200};    // doubled per attempt, capped at 5 s
};

class TillClient : public TillLink {
 public:
  using PushHandler = std::function<void(const pos::v1::TillResponse&)>;
  // Called after a reconnect's hello, before the retried request, so the
  // caller can restore server-side session state (re-scan the open bill).
  using ReconnectHandler = std::function<absl::Status(TillClient&)>;

  explicit TillClient(TillClientOptions options, PushHandler on_push = nullptr);
  ~TillClient() override;
  TillClient(const TillClient&) = delete;
  TillClient& operator=(const TillClient&) = delete;

  void set_reconnect_handler(ReconnectHandler handler) {
    on_reconnect_ = std::move(handler);
  }

  // Opens the stream and says hello, retrying while the server is unreachable.
  absl::StatusOr<pos::v1::HelloAck> Connect() override;
  bool connected() override;

  // One request on the current stream. A request refused by the server comes
  // back as its status (with the server's code); a broken or silent stream as
  // UNAVAILABLE or DEADLINE_EXCEEDED, after which the stream is reset.
  absl::StatusOr<pos::v1::TillResponse> Call(pos::v1::TillRequest request) override;

  // Call, and on UNAVAILABLE / DEADLINE_EXCEEDED / ABORTED reconnect and send
  // the same request again, up to max_attempts. Only for idempotent requests.
  absl::StatusOr<pos::v1::TillResponse> CallWithRetry(
      const pos::v1::TillRequest& request) override;

  // Half-closes the stream and waits for the server's final status.
  absl::Status Close();

  const pos::v1::HelloAck& hello() const override { return hello_; }

 private:
  struct Stream;
  absl::Status OpenStream();
  absl::StatusOr<pos::v1::HelloAck> SayHello();
  void ResetStream();
  void ReadLoop(Stream* stream);

  const TillClientOptions options_;
  const PushHandler on_push_;
  ReconnectHandler on_reconnect_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pos::v1::TerminalService::Stub> stub_;
  std::unique_ptr<Stream> stream_;
  pos::v1::HelloAck hello_;
  uint64_t next_id_ = 1;

  std::mutex mu_;
  std::condition_variable answered_;
  std::map<std::string, pos::v1::TillResponse> answers_;
  bool broken_ = true;
};

}  // namespace tillstream

#endif  // TILLSTREAM_CLIENT_TILL_CLIENT_H_
