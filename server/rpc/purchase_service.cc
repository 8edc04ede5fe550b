#include "server/rpc/purchase_service.h"

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/convert/purchases.h"
#include "server/rpc/fingerprint.h"
#include "server/rpc/unary.h"

namespace tillstream {

absl::Status PurchaseServiceImpl::HandleRecordPurchase(
    const Principal& /*caller*/, const pos::v1::RecordPurchaseRequest& req,
    pos::v1::PurchaseRecord* resp) {
  if (!req.has_purchase()) return FieldError("purchase", "is required");
  auto purchase = FromProtoPurchase(req.purchase());
  if (!purchase.ok()) return purchase.status();
  // What the sender said tells a resend from a different body.
  const std::string fingerprint = ContentFingerprint(req.purchase());
  return Reply(intake_->Record(req.org_id(), *purchase, fingerprint),
               [&](const auto& stored) { ToProtoPurchaseRecord(stored, resp); });
}

absl::Status PurchaseServiceImpl::HandleGetPurchase(
    const Principal& /*caller*/, const pos::v1::GetPurchaseRequest& req,
    pos::v1::PurchaseRecord* resp) {
  return Reply(intake_->Get(req.org_id(), req.source(), req.external_transaction_id()),
               [&](const auto& stored) { ToProtoPurchaseRecord(stored, resp); });
}

}  // namespace tillstream
