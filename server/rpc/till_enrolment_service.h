// TillEnrolmentService: a till trades its one-time enrolment code and its
// certificate request for a client certificate. The only RPC reached
// without an API key (the code is the credential), so it is limited per
// caller address like every other guessable code.
#ifndef TILLSTREAM_SERVER_RPC_TILL_ENROLMENT_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_TILL_ENROLMENT_SERVICE_H_

#include "pos/v1/identity.grpc.pb.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/till_authority.h"

namespace tillstream {

class TillEnrolmentServiceImpl final
    : public pos::v1::TillEnrolmentService::CallbackService {
 public:
  TillEnrolmentServiceImpl(WorkerPool* pool, TillAuthority* tills)
      : pool_(pool), tills_(tills) {}

  grpc::ServerUnaryReactor* Enrol(grpc::CallbackServerContext* ctx,
                                  const pos::v1::EnrolTillRequest* req,
                                  pos::v1::EnrolTillResponse* resp) override;

 private:
  WorkerPool* const pool_;
  TillAuthority* const tills_;
};

// "enrol:10.0.0.7" for a gRPC peer "ipv4:10.0.0.7:51234": the guessing
// subject of an address, whatever its port.
std::string EnrolmentCaller(const std::string& peer);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_TILL_ENROLMENT_SERVICE_H_
