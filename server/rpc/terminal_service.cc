#include "server/rpc/terminal_service.h"

#include <spdlog/spdlog.h>

#include <deque>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/convert.h"
#include "server/rpc/request_parser.h"
#include "server/rpc/status.h"
#include "server/usecases/till_session.h"

namespace tillstream {

using pos::v1::TillRequest;
using pos::v1::TillResponse;

// Lifetime: created by Session(), deleted in OnDone(). Finish() is called only
// when no worker task is running and no write is in flight, so OnDone() (which
// follows Finish) never races a task.
class TillStream final : public grpc::ServerGenericBidiReactor {
 public:
  TillStream(TerminalServiceImpl* service, const std::string& peer)
      : service_(service), session_(service->repos_), peer_(peer) {
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
  void Push(const std::string& org_id, const TillResponse& message) {
    std::lock_guard<std::mutex> lock(mu_);
    if (org_id_ == org_id && !finish_requested_) EnqueueLocked(message);
  }
  void Close(const grpc::Status& status) {
    std::lock_guard<std::mutex> lock(mu_);
    RequestFinishLocked(status);
  }

 private:
  // Runs on a worker thread.
  void Handle(const TillRequest& request) {
    TillResponse response = Process(request);
    std::lock_guard<std::mutex> lock(mu_);
    task_running_ = false;
    EnqueueLocked(response);
    if (finish_requested_) {
      MaybeFinishLocked();
    } else {
      StartRead(&request_);
    }
  }

  TillResponse Process(const TillRequest& request) {
    TillResponse response;
    response.set_correlation_id(request.correlation_id());
    absl::Status status = CheckText("correlation_id", request.correlation_id(),
                                    kMaxCorrelationIdLength, /*optional=*/true);
    if (status.ok()) status = Dispatch(request, &response);
    if (!status.ok()) {
      response.clear_kind();
      *response.mutable_error() = ToRequestError(status);
      if (status.code() == absl::StatusCode::kUnavailable ||
          status.code() == absl::StatusCode::kInternal) {
        spdlog::warn("till {} {}: {}", peer_, request.kind_case(), status.ToString());
      }
    }
    return response;
  }

  absl::Status Dispatch(const TillRequest& request, TillResponse* response) {
    const std::string currency = session_.till() ? session_.till()->org.currency : "";
    switch (request.kind_case()) {
      case TillRequest::kHello: {
        const auto& h = request.hello();
        auto ctx = session_.Hello(h.org_id(), h.store_id(), h.till_id());
        if (!ctx.ok()) return ctx.status();
        {
          std::lock_guard<std::mutex> lock(mu_);
          org_id_ = ctx->org.org_id;
        }
        auto* ack = response->mutable_hello();
        ack->set_org_name(ctx->org.name);
        ack->set_store_name(ctx->store.name);
        ack->set_currency(ctx->org.currency);
        ack->set_time_zone(ctx->org.time_zone);
        SetTimestamp(absl::Now(), ack->mutable_server_time());
        spdlog::info("till {}/{}/{} connected from {}", h.org_id(), h.store_id(),
                     h.till_id(), peer_);
        return absl::OkStatus();
      }
      case TillRequest::kScan: {
        const int64_t qty =
            request.scan().quantity_milli() == 0 ? 1000 : request.scan().quantity_milli();
        auto scanned = session_.Scan(request.scan().barcode(), qty);
        if (!scanned.ok()) return scanned.status();
        auto* line = response->mutable_scanned();
        *line = ToProtoLine(scanned->line, currency);
        *line->mutable_running_total() = ToMoney(scanned->running_total_minor, currency);
        return absl::OkStatus();
      }
      case TillRequest::kVoidLine: {
        auto voided = session_.Void(request.void_line().line_no());
        if (!voided.ok()) return voided.status();
        response->mutable_voided()->set_line_no(voided->line_no);
        *response->mutable_voided()->mutable_running_total() =
            ToMoney(voided->running_total_minor, currency);
        return absl::OkStatus();
      }
      case TillRequest::kCustomerLookup: {
        auto key = FromProtoLookup(request.customer_lookup(), "customer_lookup");
        if (!key.ok()) return key.status();
        auto profile = key->kind ? session_.Lookup(*key->kind, key->value)
                                 : session_.LookupById(key->value);
        if (!profile.ok()) return profile.status();
        *response->mutable_customer() = ToProtoProfile(*profile, currency, false);
        return absl::OkStatus();
      }
      case TillRequest::kEnrolCustomer: {
        auto enrolled = session_.Enrol(FromProtoEnrol(request.enrol_customer()));
        if (!enrolled.ok()) return enrolled.status();
        *response->mutable_customer() =
            ToProtoProfile(enrolled->first, currency, enrolled->second);
        return absl::OkStatus();
      }
      case TillRequest::kCheckPoints: {
        const auto& q = request.check_points();
        auto check = session_.CheckPoints(q.customer_id(), q.points());
        if (!check.ok()) return check.status();
        *response->mutable_points_check() = ToProtoPointsCheck(*check, currency);
        return absl::OkStatus();
      }
      case TillRequest::kCheckCoupon: {
        const auto& q = request.check_coupon();
        if (q.has_amount() && q.amount().currency() != currency) {
          return FieldError("check_coupon.amount.currency",
                            absl::StrCat("must be the org's currency ", currency));
        }
        auto check = session_.CheckCoupon(q.code(), q.customer_id(),
                                          q.has_amount() ? q.amount().minor_units() : 0);
        if (!check.ok()) return check.status();
        *response->mutable_coupon_check() = ToProtoCouponCheck(*check, currency);
        return absl::OkStatus();
      }
      case TillRequest::kTagBill: {
        const auto& q = request.tag_bill();
        auto tagged = session_.TagBill(q.bill_id(), q.customer_id());
        if (!tagged.ok()) return tagged.status();
        *response->mutable_bill() = ToProtoReceipt(*tagged);
        return absl::OkStatus();
      }
      case TillRequest::kSubmitBill: {
        auto input = FromProtoBill(request.submit_bill());
        if (!input.ok()) return input.status();
        auto stored = session_.Submit(*input);
        if (!stored.ok()) return stored.status();
        *response->mutable_bill() = ToProtoReceipt(*stored);
        return absl::OkStatus();
      }
      case TillRequest::kQuoteBill: {
        auto input = FromProtoBill(request.quote_bill());
        if (!input.ok()) return input.status();
        auto quoted = session_.Quote(*input);
        if (!quoted.ok()) return quoted.status();
        *response->mutable_quote() =
            ToProtoReceipt(StoredBill{*quoted, absl::Now(), false});
        return absl::OkStatus();
      }
      case TillRequest::kCancelBill: {
        if (auto s = session_.Cancel(); !s.ok()) return s;
        response->mutable_cancelled();
        return absl::OkStatus();
      }
      case TillRequest::KIND_NOT_SET:
        break;
    }
    return FieldError("kind",
                      "is empty: send hello, scan, void_line, customer_lookup, "
                      "enrol_customer, check_points, check_coupon, submit_bill, "
                      "quote_bill, tag_bill or cancel_bill");
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
  TillSession session_;  // touched only by the one running task
  const std::string peer_;
  grpc::ByteBuffer request_;  // read buffer; one read outstanding at most

  std::mutex mu_;
  std::string org_id_;
  std::deque<grpc::ByteBuffer> outbox_;  // front() is being written when writing_
  bool writing_ = false;
  bool task_running_ = false;
  bool finish_requested_ = false;
  bool finished_ = false;
  grpc::Status finish_status_;
};

TerminalServiceImpl::TerminalServiceImpl(const Repositories& repos, WorkerPool* pool)
    : repos_(repos), pool_(pool) {}

TerminalServiceImpl::~TerminalServiceImpl() = default;

grpc::ServerGenericBidiReactor* TerminalServiceImpl::CreateReactor(
    grpc::GenericCallbackServerContext* context) {
  if (context->method() != kSessionMethod) {
    return grpc::CallbackGenericService::CreateReactor(context);  // UNIMPLEMENTED
  }
  auto* stream = new TillStream(this, context->peer());
  std::lock_guard<std::mutex> lock(mu_);
  streams_.insert(stream);
  if (closing_) {
    stream->Close(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down"));
  }
  return stream;
}

void TerminalServiceImpl::Broadcast(const std::string& org_id,
                                    const TillResponse& message) {
  std::lock_guard<std::mutex> lock(mu_);
  for (TillStream* s : streams_) s->Push(org_id, message);
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

size_t TerminalServiceImpl::open_streams() {
  std::lock_guard<std::mutex> lock(mu_);
  return streams_.size();
}

void TerminalServiceImpl::Remove(TillStream* stream) {
  std::lock_guard<std::mutex> lock(mu_);
  streams_.erase(stream);
}

}  // namespace tillstream
