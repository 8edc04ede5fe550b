#include "server/rpc/purchase_service.h"

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/convert/purchases.h"
#include "server/rpc/fingerprint.h"
#include "server/rpc/unary.h"

namespace tillstream {

grpc::ServerUnaryReactor* PurchaseServiceImpl::RecordPurchase(
    grpc::CallbackServerContext* ctx, const pos::v1::RecordPurchaseRequest* req,
    pos::v1::PurchaseRecord* resp) {
  return RunAuthorizedUnary(ctx, pool_, token_, [this, req, resp]() -> absl::Status {
    if (!req->has_purchase()) return FieldError("purchase", "is required");
    auto purchase = FromProtoPurchase(req->purchase());
    if (!purchase.ok()) return purchase.status();
    // What the sender said tells a resend from a different body.
    const std::string fingerprint = ContentFingerprint(req->purchase());
    auto stored = intake_->Record(req->org_id(), *purchase, fingerprint);
    if (!stored.ok()) return stored.status();
    ToProtoPurchaseRecord(*stored, resp);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* PurchaseServiceImpl::GetPurchase(
    grpc::CallbackServerContext* ctx, const pos::v1::GetPurchaseRequest* req,
    pos::v1::PurchaseRecord* resp) {
  return RunAuthorizedUnary(ctx, pool_, token_, [this, req, resp]() -> absl::Status {
    auto stored =
        intake_->Get(req->org_id(), req->source(), req->external_transaction_id());
    if (!stored.ok()) return stored.status();
    ToProtoPurchaseRecord(*stored, resp);
    return absl::OkStatus();
  });
}

}  // namespace tillstream
