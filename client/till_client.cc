#include "client/till_client.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "client/channel.h"

namespace tillstream {

using pos::v1::TillRequest;
using pos::v1::TillResponse;

struct TillClient::Stream {
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReaderWriter<TillRequest, TillResponse>> rw;
  std::thread reader;
};

TillClient::TillClient(TillClientOptions options, PushHandler on_push)
    : options_(std::move(options)),
      on_push_(std::move(on_push)),
      channel_(MakeChannel(options_.server, options_.credential)),
      stub_(pos::v1::TerminalService::NewStub(channel_)) {}

TillClient::~TillClient() { ResetStream(); }

absl::Status TillClient::OpenStream() {
  ResetStream();
  // Wait for the channel rather than failing fast while the LAN is down.
  if (!channel_->WaitForConnected(std::chrono::system_clock::now() + options_.timeout)) {
    return absl::UnavailableError(
        absl::StrCat("cannot reach the back office at ", options_.server));
  }
  auto stream = std::make_unique<Stream>();
  stream->rw = stub_->Session(&stream->context);
  {
    std::lock_guard<std::mutex> lock(mu_);
    broken_ = false;
    answers_.clear();
  }
  Stream* raw = stream.get();
  stream->reader = std::thread([this, raw] { ReadLoop(raw); });
  stream_ = std::move(stream);
  return absl::OkStatus();
}

void TillClient::ReadLoop(Stream* stream) {
  TillResponse response;
  while (stream->rw->Read(&response)) {
    if (response.correlation_id().empty()) {
      if (on_push_) on_push_(response);
      continue;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      answers_[response.correlation_id()] = std::move(response);
    }
    answered_.notify_all();
    response = TillResponse();
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    broken_ = true;
  }
  answered_.notify_all();
}

void TillClient::ResetStream() {
  if (!stream_) return;
  stream_->context.TryCancel();
  if (stream_->reader.joinable()) stream_->reader.join();
  stream_->rw->Finish();  // status is irrelevant: we cancelled
  stream_.reset();
  std::lock_guard<std::mutex> lock(mu_);
  broken_ = true;
}

absl::StatusOr<pos::v1::HelloAck> TillClient::SayHello() {
  TillRequest request;
  auto* hello = request.mutable_hello();
  hello->set_org_id(options_.org_id);
  hello->set_store_id(options_.store_id);
  hello->set_till_id(options_.till_id);
  hello->set_terminal_version("pos-terminal 0.1");
  auto response = Call(request);
  if (!response.ok()) return response.status();
  hello_ = response->hello();
  return hello_;
}

absl::StatusOr<pos::v1::HelloAck> TillClient::Connect() {
  absl::Status last = absl::UnavailableError("not connected");
  auto backoff = options_.backoff;
  for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(backoff);
      backoff = std::min<std::chrono::milliseconds>(backoff * 2, std::chrono::seconds(5));
    }
    last = OpenStream();
    if (!last.ok()) continue;
    auto ack = SayHello();
    if (ack.ok()) return ack;
    last = ack.status();
    if (last.code() != absl::StatusCode::kUnavailable &&
        last.code() != absl::StatusCode::kDeadlineExceeded) {
      return last;  // e.g. NOT_FOUND: unknown till; retrying will not help
    }
  }
  return last;
}

bool TillClient::connected() {
  std::lock_guard<std::mutex> lock(mu_);
  return stream_ != nullptr && !broken_;
}

absl::StatusOr<TillResponse> TillClient::Call(TillRequest request) {
  if (!stream_) return absl::UnavailableError("not connected to the back office");
  const std::string id = absl::StrCat(next_id_++);
  request.set_correlation_id(id);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (broken_) {
      return absl::UnavailableError("the connection to the back office was lost");
    }
  }
  if (!stream_->rw->Write(request)) {
    ResetStream();
    return absl::UnavailableError("the connection to the back office was lost");
  }
  std::unique_lock<std::mutex> lock(mu_);
  const bool done = answered_.wait_for(lock, options_.timeout,
                                       [&] { return broken_ || answers_.count(id) > 0; });
  auto it = answers_.find(id);
  if (it == answers_.end()) {
    lock.unlock();
    ResetStream();
    return done ? absl::UnavailableError("the connection to the back office was lost")
                : absl::DeadlineExceededError("the back office did not answer in time");
  }
  TillResponse response = std::move(it->second);
  answers_.erase(it);
  if (response.has_error()) return FromRequestError(response.error());
  return response;
}

absl::StatusOr<TillResponse> TillClient::CallWithRetry(const TillRequest& request) {
  absl::Status last;
  auto backoff = options_.backoff;
  for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(backoff);
      backoff = std::min<std::chrono::milliseconds>(backoff * 2, std::chrono::seconds(5));
    }
    bool need_connect;
    {
      std::lock_guard<std::mutex> lock(mu_);
      need_connect = broken_ || !stream_;
    }
    if (need_connect) {
      if (auto s = OpenStream(); !s.ok()) {
        last = s;
        continue;
      }
      auto ack = SayHello();
      if (!ack.ok()) {
        last = ack.status();
        if (!IsTransient(last)) return last;  // e.g. a revoked till
        continue;
      }
      if (on_reconnect_) {
        if (auto s = on_reconnect_(*this); !s.ok()) {
          last = s;
          continue;
        }
      }
    }
    auto response = Call(request);
    if (response.ok()) return response;
    last = response.status();
    if (!IsTransient(last)) return last;
  }
  return last;
}

absl::Status TillClient::Close() {
  if (!stream_) return absl::OkStatus();
  stream_->rw->WritesDone();
  if (stream_->reader.joinable()) stream_->reader.join();
  const grpc::Status status = stream_->rw->Finish();
  stream_.reset();
  {
    std::lock_guard<std::mutex> lock(mu_);
    broken_ = true;
  }
  return FromGrpcStatus(status);
}

}  // namespace tillstream
