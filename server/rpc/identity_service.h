// IdentityService: API keys, the audit trail, tills' enrolment codes and
// revocation, and cashiers, on the callback API. Handlers translate and run
// AccessControl, TillAuthority and CashierAccess on the worker pool.
#ifndef TILLSTREAM_SERVER_RPC_IDENTITY_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_IDENTITY_SERVICE_H_

#include "pos/v1/identity.grpc.pb.h"
#include "server/rpc/unary.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/access_control.h"
#include "server/usecases/cashier_access.h"
#include "server/usecases/till_authority.h"

namespace tillstream {

class IdentityServiceImpl final : public pos::v1::IdentityService::CallbackService {
 public:
  static constexpr char kServiceName[] = "IdentityService";

  // `tills` is null on a plaintext posd, which cannot enrol tills.
  IdentityServiceImpl(WorkerPool* pool, AccessControl* access, TillAuthority* tills,
                      CashierAccess* cashiers)
      : pool_(pool), access_(access), tills_(tills), cashiers_(cashiers) {}

  TILLSTREAM_UNARY_RPC(CreateApiKey, CreateApiKeyRequest, CreatedApiKey);
  TILLSTREAM_UNARY_RPC(ListApiKeys, ListApiKeysRequest, ApiKeyList);
  TILLSTREAM_UNARY_RPC(RevokeApiKey, RevokeApiKeyRequest, ApiKey);
  TILLSTREAM_UNARY_RPC(ListAudit, ListAuditRequest, AuditTrail);
  TILLSTREAM_UNARY_RPC(CreateTillEnrolment, CreateTillEnrolmentRequest,
                       TillEnrolmentCode);
  TILLSTREAM_UNARY_RPC(RevokeTill, RevokeTillRequest, RevokeTillResponse);
  TILLSTREAM_UNARY_RPC(SetCashier, SetCashierRequest, Cashier);
  TILLSTREAM_UNARY_RPC(ListCashiers, ListCashiersRequest, CashierList);
  TILLSTREAM_UNARY_RPC(UnlockCashier, UnlockCashierRequest, Cashier);

 private:
  WorkerPool* const pool_;
  AccessControl* const access_;
  TillAuthority* const tills_;
  CashierAccess* const cashiers_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_IDENTITY_SERVICE_H_
