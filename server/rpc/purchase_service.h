// PurchaseService: purchases recorded from other systems, on the callback
// API. Gated by the admin bearer token like AdminService (a permission of
// its own once the project has per-role permissions).
#ifndef TILLSTREAM_SERVER_RPC_PURCHASE_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_PURCHASE_SERVICE_H_

#include <string>

#include "pos/v1/purchases.grpc.pb.h"
#include "server/rpc/unary.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/purchase_intake.h"

namespace tillstream {

class PurchaseServiceImpl final : public pos::v1::PurchaseService::CallbackService {
 public:
  PurchaseServiceImpl(PurchaseIntake* intake, WorkerPool* pool, std::string token)
      : intake_(intake), pool_(pool), token_(std::move(token)) {}

  TILLSTREAM_UNARY_RPC(RecordPurchase, RecordPurchaseRequest, PurchaseRecord);
  TILLSTREAM_UNARY_RPC(GetPurchase, GetPurchaseRequest, PurchaseRecord);

 private:
  PurchaseIntake* const intake_;
  WorkerPool* const pool_;
  const std::string token_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_PURCHASE_SERVICE_H_
