// PurchaseService: purchases recorded from other systems, on the callback
// API: RecordPurchase for purchase_import keys, GetPurchase for readers.
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
  static constexpr char kServiceName[] = "PurchaseService";

  PurchaseServiceImpl(PurchaseIntake* intake, WorkerPool* pool, AccessControl* access)
      : intake_(intake), pool_(pool), access_(access) {}

  TILLSTREAM_UNARY_RPC(RecordPurchase, RecordPurchaseRequest, PurchaseRecord);
  TILLSTREAM_UNARY_RPC(GetPurchase, GetPurchaseRequest, PurchaseRecord);

 private:
  PurchaseIntake* const intake_;
  WorkerPool* const pool_;
  AccessControl* const access_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_PURCHASE_SERVICE_H_
