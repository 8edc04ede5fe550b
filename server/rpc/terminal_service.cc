#include "server/rpc/terminal_service.h"

#include <spdlog/spdlog.h>

#include <deque>
#include <optional>

#include "server/rpc/request_parser.h"
#include "server/rpc/status.h"
#include "server/rpc/till_request_handler.h"

namespace tillstream {

using pos::v1::TillRequest;
using pos::v1::TillResponse;

// The reactor only reads, writes and finishes (as gRPC's route_guide
// callback example): each request runs on the worker pool through the
// TillRequestHandler, one at a time, and its answer is queued for writing.
// Lifetime: created by Session(), deleted in OnDone(). Finish() is called only
// when no worker task is running and no write is in flight, so OnDone() (which
// follows Finish) never races a task.
class TillStream final : public grpc::ServerGenericBidiReactor {
 public:
  TillStream(TerminalServiceImpl* service, const std::string& peer,
             std::string peer_certificate)
      : service_(service),
        handler_(service->repos_, peer, absl::Now, service->guesses_, service->cashiers_),
        peer_(peer),
        peer_certificate_(std::move(peer_certificate)),
        authenticated_(service->tills_ == nullptr) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!ok) {  // the till half-closed or the call broke
      RequestFinishLocked(grpc::Status::OK);
      return;
    }
    if (finish_requested_) {
      MaybeFinishLocked();
      return;
    }
    ParsedRequest parsed = ParseTillRequest(&request_);
    request_.Clear();
    if (!parsed.status.ok()) {
      if (parsed.fatal) {
        RequestFinishLocked(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                         std::string(parsed.status.message())));
        return;
      }
      TillResponse refused;
      refused.set_correlation_id(parsed.correlation_id);
      *refused.mutable_error() = ToRequestError(parsed.status);
      EnqueueLocked(refused);
      StartRead(&request_);
      return;
    }
    task_running_ = true;
    if (!service_->pool_->Submit(
            [this, request = std::move(parsed.request)] { Handle(request); })) {
      task_running_ = false;
      TillResponse busy;
      busy.set_correlation_id(parsed.correlation_id);
      *busy.mutable_error() = ToRequestError(
          absl::UnavailableError("the server is overloaded; retry shortly"));
      EnqueueLocked(busy);
      StartRead(&request_);
    }
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mu_);
    outbox_.pop_front();
    if (!ok) {
      outbox_.clear();
      writing_ = false;
      RequestFinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE, "write failed"));
      return;
    }
    if (!outbox_.empty()) {
      StartWrite(&outbox_.front());
    } else {
      writing_ = false;
      MaybeFinishLocked();
    }
  }

  void OnCancel() override {
    std::lock_guard<std::mutex> lock(mu_);
    RequestFinishLocked(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    service_->Remove(this);
    delete this;
  }

  // From other threads: price pushes and shutdown.
  void Push(const std::string& org_id, const std::string& catalog_id,
            const TillResponse& message) {
    std::lock_guard<std::mutex> lock(mu_);
    if (org_id_ == org_id && catalog_id_ == catalog_id && !finish_requested_) {
      EnqueueLocked(message);
    }
  }
  void Close(const grpc::Status& status) {
    std::lock_guard<std::mutex> lock(mu_);
    RequestFinishLocked(status);
  }
  // Whether the stream's certificate is among `serials` or expired at `now`.
  bool CertificateEnded(const std::set<std::string>& serials, absl::Time now) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!certified_) return false;
    return serials.count(certified_->serial_hex) > 0 || certified_->not_after <= now;
  }

 private:
  // Runs on a worker thread: the till's certificate is checked before its
  // first request is looked at; a refusal answers that request and ends the
  // stream.
  void Handle(const TillRequest& request) {
    if (!authenticated_) {
      auto till = service_->tills_->Authenticate(peer_certificate_);
      if (!till.ok()) {
        spdlog::warn("till stream from {} refused: {}", peer_, till.status().ToString());
        TillResponse refused;
        refused.set_correlation_id(request.correlation_id());
        *refused.mutable_error() = ToRequestError(till.status());
        std::lock_guard<std::mutex> lock(mu_);
        task_running_ = false;
        EnqueueLocked(refused);
        RequestFinishLocked(ToGrpcStatus(till.status()));
        return;
      }
      handler_.BindTo(till->till);
      authenticated_ = true;
      std::lock_guard<std::mutex> lock(mu_);
      certified_ = *till;
    }
    TillResponse response = handler_.Handle(request);
    std::lock_guard<std::mutex> lock(mu_);
    org_id_ = handler_.org_id();  // for pushes, once the till said hello
    catalog_id_ = handler_.catalog_id();
    task_running_ = false;
    EnqueueLocked(response);
    if (finish_requested_) {
      MaybeFinishLocked();
    } else {
      StartRead(&request_);
    }
  }

  void EnqueueLocked(const TillResponse& message) {
    if (finished_) return;
    outbox_.emplace_back();
    bool own_buffer = false;
    grpc::SerializationTraits<TillResponse>::Serialize(message, &outbox_.back(),
                                                       &own_buffer);
    if (!writing_) {
      writing_ = true;
      StartWrite(&outbox_.front());
    }
  }

  void RequestFinishLocked(const grpc::Status& status) {
    if (!finish_requested_) {
      finish_requested_ = true;
      finish_status_ = status;
    }
    MaybeFinishLocked();
  }

  void MaybeFinishLocked() {
    if (finish_requested_ && !finished_ && !writing_ && !task_running_) {
      finished_ = true;
      Finish(finish_status_);
    }
  }

  TerminalServiceImpl* const service_;
  TillRequestHandler handler_;  // touched only by the one running task
  grpc::ByteBuffer request_;    // read buffer; one read outstanding at most
  const std::string peer_;
  const std::string peer_certificate_;  // PEM; empty without one
  bool authenticated_;                  // touched only by the one running task

  std::mutex mu_;
  std::string org_id_;
  std::string catalog_id_;
  std::optional<CertifiedTill> certified_;
  std::deque<grpc::ByteBuffer> outbox_;  // front() is being written when writing_
  bool writing_ = false;
  bool task_running_ = false;
  bool finish_requested_ = false;
  bool finished_ = false;
  grpc::Status finish_status_;
};

TerminalServiceImpl::TerminalServiceImpl(const Repositories& repos, WorkerPool* pool,
                                         GuessGuard* guesses, TillAuthority* tills,
                                         CashierAccess* cashiers)
    : repos_(repos), guesses_(guesses), tills_(tills), cashiers_(cashiers), pool_(pool) {}

TerminalServiceImpl::~TerminalServiceImpl() = default;

grpc::ServerGenericBidiReactor* TerminalServiceImpl::CreateReactor(
    grpc::GenericCallbackServerContext* context) {
  if (context->method() != kSessionMethod) {
    return grpc::CallbackGenericService::CreateReactor(context);  // UNIMPLEMENTED
  }
  std::string certificate;
  if (const auto auth = context->auth_context(); auth != nullptr) {
    const auto pems = auth->FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME);
    if (!pems.empty()) certificate.assign(pems.front().data(), pems.front().size());
  }
  auto* stream = new TillStream(this, context->peer(), std::move(certificate));
  std::lock_guard<std::mutex> lock(mu_);
  streams_.insert(stream);
  if (closing_) {
    stream->Close(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down"));
  }
  return stream;
}

void TerminalServiceImpl::Broadcast(const std::string& org_id,
                                    const std::string& catalog_id,
                                    const TillResponse& message) {
  std::lock_guard<std::mutex> lock(mu_);
  for (TillStream* s : streams_) s->Push(org_id, catalog_id, message);
}

void TerminalServiceImpl::CloseAll() {
  std::lock_guard<std::mutex> lock(mu_);
  closing_ = true;
  for (TillStream* s : streams_) {
    s->Close(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "the server is shutting down; reconnect and resend "
                          "unacknowledged bills"));
  }
}

void TerminalServiceImpl::EndStreamsOf(const std::set<std::string>& serials,
                                       absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  for (TillStream* s : streams_) {
    if (s->CertificateEnded(serials, now)) {
      s->Close(grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                            "this till's certificate was revoked or has expired: "
                            "enrol the till again"));
    }
  }
}

size_t TerminalServiceImpl::open_streams() {
  std::lock_guard<std::mutex> lock(mu_);
  return streams_.size();
}

void TerminalServiceImpl::Remove(TillStream* stream) {
  std::lock_guard<std::mutex> lock(mu_);
  streams_.erase(stream);
}

}  // namespace tillstream
