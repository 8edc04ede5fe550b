#include "server/rpc/catalog_sync_service.h"

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/convert/catalog_sync.h"
#include "server/rpc/status.h"

namespace tillstream {

// Gathers the chunks of one upload. The first chunk names the sync; the
// caller is authorized for it before more is read, and the job is stored
// only after the chunk marked last, so a broken upload stores nothing.
class CatalogSyncServiceImpl::Upload
    : public grpc::ServerReadReactor<pos::v1::SyncChunk> {
 public:
  Upload(CatalogSyncServiceImpl* service, grpc::CallbackServerContext* ctx,
         pos::v1::CatalogSync* resp)
      : service_(service), resp_(resp) {
    auto bearer = BearerOf(*ctx);
    if (!bearer.ok()) {
      Finish(ToGrpcStatus(bearer.status()));
      return;
    }
    bearer_ = *std::move(bearer);
    StartRead(&chunk_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      // Refused through the audit like any write, though nothing was stored.
      return Serve(
          [](const Principal&) {
            return absl::InvalidArgumentError(
                "the upload ended before its last chunk (last = true): nothing was "
                "stored; send it again under the same sync_id");
          },
          [this](const absl::Status& s) { Finish(ToGrpcStatus(s)); });
    }
    if (!named_) {
      named_ = true;
      header_ = chunk_;
      header_.clear_data();
      header_.clear_last();
      data_ = std::move(*chunk_.mutable_data());
      return OnChunk(/*first=*/true);
    }
    if (!chunk_.org_id().empty() || !chunk_.sync_id().empty()) {
      Finish(ToGrpcStatus(
          absl::InvalidArgumentError("only the first chunk names the sync (org_id, "
                                     "sync_id, catalog_id or store_id)")));
      return;
    }
    if (data_.size() + chunk_.data().size() > kMaxSyncBytes) {
      Finish(ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("the upload is larger than ", kMaxSyncBytes, " bytes"))));
      return;
    }
    data_ += chunk_.data();
    OnChunk(/*first=*/false);
  }

  void OnDone() override { delete this; }

 private:
  // Runs `work` as the caller on the pool, audited as StartSync.
  void Serve(std::function<absl::Status(const Principal&)> work,
             std::function<void(const absl::Status&)> then) {
    if (!service_->pool_->Submit([this, work = std::move(work), then = std::move(then)] {
          then(ServeAuthorized(service_->access_, bearer_,
                               absl::StrCat(kServiceName, "/StartSync"), header_.org_id(),
                               header_, work));
        })) {
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "the server is overloaded or shutting down; retry"));
    }
  }

  void OnChunk(bool first) {
    const bool last = chunk_.last();
    if (first && !last) {
      // Authorized before the rest is read: nothing to do but check.
      return Serve([](const Principal&) { return absl::OkStatus(); },
                   [this](const absl::Status& s) {
                     if (!s.ok()) return Finish(ToGrpcStatus(s));
                     StartRead(&chunk_);
                   });
    }
    if (!last) return StartRead(&chunk_);
    Serve(
        [this](const Principal&) {
          if (header_.format() != pos::v1::SYNC_FORMAT_UNSPECIFIED &&
              header_.format() != pos::v1::SYNC_CSV &&
              header_.format() != pos::v1::SYNC_JSON_LINES) {
            return FieldError("format",
                              "is not one this server reads: send SYNC_CSV or "
                              "SYNC_JSON_LINES");
          }
          auto stored = service_->syncs_->Start(header_.sync_id(),
                                                FromProtoSyncChunk(header_), data_);
          if (!stored.ok()) return stored.status();
          ToProtoSync(*stored, absl::Now(), resp_);
          return absl::OkStatus();
        },
        [this](const absl::Status& s) {
          if (s.ok() && service_->worker_ != nullptr) service_->worker_->Poke();
          Finish(ToGrpcStatus(s));
        });
  }

  CatalogSyncServiceImpl* const service_;
  pos::v1::CatalogSync* const resp_;
  std::string bearer_;
  pos::v1::SyncChunk chunk_;
  pos::v1::SyncChunk header_;  // the first chunk, without its data
  bool named_ = false;
  std::string data_;
};

grpc::ServerReadReactor<pos::v1::SyncChunk>* CatalogSyncServiceImpl::StartSync(
    grpc::CallbackServerContext* ctx, pos::v1::CatalogSync* resp) {
  return new Upload(this, ctx, resp);
}

absl::Status CatalogSyncServiceImpl::HandleGetSync(const Principal& /*caller*/,
                                                   const pos::v1::GetSyncRequest& req,
                                                   pos::v1::CatalogSync* resp) {
  return Reply(syncs_->Get(req.org_id(), req.sync_id()),
               [&](const SyncStatus& s) { ToProtoSync(s, absl::Now(), resp); });
}

}  // namespace tillstream
