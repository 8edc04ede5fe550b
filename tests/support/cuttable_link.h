// A till's connection to posd whose LAN can be cut, for tests and
// benchmarks of the till offline.
#ifndef TILLSTREAM_TESTS_SUPPORT_CUTTABLE_LINK_H_
#define TILLSTREAM_TESTS_SUPPORT_CUTTABLE_LINK_H_

#include <atomic>

#include "client/till_client.h"

namespace tillstream {

// A till's connection whose LAN can be cut: then nothing gets through,
// either way (pushes are dropped too).
class CuttableLink : public TillLink {
 public:
  CuttableLink(TillClientOptions options, const std::atomic<bool>* cut,
               TillClient::PushHandler on_push = nullptr)
      : cut_(cut), client_(std::move(options), [this, on_push](const auto& push) {
          if (!*cut_ && on_push) on_push(push);
        }) {}

  absl::StatusOr<pos::v1::HelloAck> Connect() override {
    if (*cut_) return Down();
    return client_.Connect();
  }
  bool connected() override { return !*cut_ && client_.connected(); }
  absl::StatusOr<pos::v1::TillResponse> Call(pos::v1::TillRequest request) override {
    if (*cut_) return Down();
    return client_.Call(std::move(request));
  }
  absl::StatusOr<pos::v1::TillResponse> CallWithRetry(
      const pos::v1::TillRequest& request) override {
    if (*cut_) return Down();
    return client_.CallWithRetry(request);
  }
  const pos::v1::HelloAck& hello() const override { return client_.hello(); }

 private:
  static absl::Status Down() { return absl::UnavailableError("the store LAN is down"); }
  const std::atomic<bool>* const cut_;
  TillClient client_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_TESTS_SUPPORT_CUTTABLE_LINK_H_
