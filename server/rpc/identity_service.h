// IdentityService: API keys, the audit trail and tills' enrolment codes and
// revocation, on the callback API. Handlers translate and run AccessControl
// and TillAuthority on the worker pool.
#ifndef TILLSTREAM_SERVER_RPC_IDENTITY_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_IDENTITY_SERVICE_H_

#include "pos/v1/identity.grpc.pb.h"
#include "server/rpc/unary.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/access_control.h"
#include "server/usecases/till_authority.h"

namespace tillstream {

class IdentityServiceImpl final : public pos::v1::IdentityService::CallbackService {
 public:
  static constexpr char kServiceName[] = "IdentityService";

  // `tills` is null on a plaintext posd, which cannot enrol tills.
  IdentityServiceImpl(WorkerPool* pool, AccessControl* access, TillAuthority* tills)
      : pool_(pool), access_(access), tills_(tills) {}

  TILLSTREAM_UNARY_RPC(CreateApiKey, CreateApiKeyRequest, CreatedApiKey);
  TILLSTREAM_UNARY_RPC(ListApiKeys, ListApiKeysRequest, ApiKeyList);
  TILLSTREAM_UNARY_RPC(RevokeApiKey, RevokeApiKeyRequest, ApiKey);
  TILLSTREAM_UNARY_RPC(ListAudit, ListAuditRequest, AuditTrail);
  TILLSTREAM_UNARY_RPC(CreateTillEnrolment, CreateTillEnrolmentRequest,
                       TillEnrolmentCode);
  TILLSTREAM_UNARY_RPC(RevokeTill, RevokeTillRequest, RevokeTillResponse);

 private:
  WorkerPool* const pool_;
  AccessControl* const access_;
  TillAuthority* const tills_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_IDENTITY_SERVICE_H_
