// IdentityService: API keys and the audit trail, on the callback API. Handlers translate
// and run AccessControl on the worker pool.
#ifndef TILLSTREAM_SERVER_RPC_IDENTITY_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_IDENTITY_SERVICE_H_

#include "pos/v1/identity.grpc.pb.h"
#include "server/rpc/unary.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/access_control.h"

namespace tillstream {

class IdentityServiceImpl final : public pos::v1::IdentityService::CallbackService {
 public:
  static constexpr char kServiceName[] = "IdentityService";

  IdentityServiceImpl(WorkerPool* pool, AccessControl* access)
      : pool_(pool), access_(access) {}

  TILLSTREAM_UNARY_RPC(CreateApiKey, CreateApiKeyRequest, CreatedApiKey);
  TILLSTREAM_UNARY_RPC(ListApiKeys, ListApiKeysRequest, ApiKeyList);
  TILLSTREAM_UNARY_RPC(RevokeApiKey, RevokeApiKeyRequest, ApiKey);
  TILLSTREAM_UNARY_RPC(ListAudit, ListAuditRequest, AuditTrail);

 private:
  WorkerPool* const pool_;
  AccessControl* const access_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_IDENTITY_SERVICE_H_
