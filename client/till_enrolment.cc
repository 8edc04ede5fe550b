#include "client/till_enrolment.h"

#include <thread>

#include "absl/time/time.h"
#include "client/till_link.h"
#include "common/key_request.h"
#include "pos/v1/identity.grpc.pb.h"

namespace tillstream {

absl::StatusOr<EnrolledTill> EnrolTill(const std::string& server, const std::string& code,
                                       std::chrono::milliseconds timeout) {
  auto made = MakeKeyAndRequest("tillstream till");
  if (!made.ok()) return made.status();
  pos::v1::EnrolTillRequest request;
  request.set_code(code);
  request.set_certificate_request_pem(made->request_pem);
  auto stub = pos::v1::TillEnrolmentService::NewStub(MakeChannel(server));
  absl::Status last;
  for (int attempt = 0; attempt < 4; ++attempt) {
    if (attempt > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(500 << attempt));
    grpc::ClientContext ctx;
    SetDeadline(&ctx, timeout);
    pos::v1::EnrolTillResponse response;
    last = FromGrpcStatus(stub->Enrol(&ctx, request, &response));
    if (last.ok()) {
      EnrolledTill till;
      till.org_id = response.org_id();
      till.store_id = response.store_id();
      till.till_id = response.till_id();
      till.serial = response.serial();
      till.valid_until = absl::FormatTime(
          "%Y-%m-%d", absl::FromUnixSeconds(response.not_after().seconds()),
          absl::UTCTimeZone());
      till.credential = TillCredential{response.certificate_pem(), made->private_key_pem};
      return till;
    }
    if (!IsTransient(last)) break;
  }
  return last;
}

absl::StatusOr<std::string> RequestEnrolmentCode(const std::string& server,
                                                 const std::string& api_key,
                                                 const TillRef& till, int ttl_minutes,
                                                 std::chrono::milliseconds timeout) {
  auto stub = pos::v1::IdentityService::NewStub(MakeChannel(server));
  pos::v1::CreateTillEnrolmentRequest request;
  request.set_org_id(till.org_id);
  request.set_store_id(till.store_id);
  request.set_till_id(till.till_id);
  request.set_ttl_minutes(ttl_minutes);
  grpc::ClientContext ctx;
  SetDeadline(&ctx, timeout);
  ctx.AddMetadata("authorization", "Bearer " + api_key);
  pos::v1::TillEnrolmentCode code;
  if (auto s = FromGrpcStatus(stub->CreateTillEnrolment(&ctx, request, &code)); !s.ok()) {
    return s;
  }
  return code.code();
}

absl::StatusOr<EnrolledTill> EnrolWithKey(const std::string& server,
                                          const std::string& api_key, const TillRef& till,
                                          std::chrono::milliseconds timeout) {
  auto code = RequestEnrolmentCode(server, api_key, till, 0, timeout);
  if (!code.ok()) return code.status();
  return EnrolTill(server, *code, timeout);
}

}  // namespace tillstream
