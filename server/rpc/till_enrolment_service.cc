#include "server/rpc/till_enrolment_service.h"

#include <spdlog/spdlog.h>

#include "server/rpc/convert/wire.h"
#include "server/rpc/status.h"

namespace tillstream {

std::string EnrolmentCaller(const std::string& peer) {
  // ipv4:1.2.3.4:port, ipv6:[::1]:port, unix:path
  const size_t colon = peer.rfind(':');
  const size_t scheme = peer.find(':');
  const std::string address =
      colon != std::string::npos && colon > scheme ? peer.substr(0, colon) : peer;
  return "enrol:" + address;
}

grpc::ServerUnaryReactor* TillEnrolmentServiceImpl::Enrol(
    grpc::CallbackServerContext* ctx, const pos::v1::EnrolTillRequest* req,
    pos::v1::EnrolTillResponse* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  if (tills_ == nullptr) {
    reactor->Finish(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                                 "this posd serves plaintext (--insecure): tills are "
                                 "enrolled only over TLS"));
    return reactor;
  }
  const std::string peer = ctx->peer();
  const bool queued = pool_->Submit([this, reactor, req, resp, peer] {
    auto cert =
        tills_->Enrol(req->code(), req->certificate_request_pem(), EnrolmentCaller(peer));
    if (!cert.ok()) {
      spdlog::warn("till enrolment from {} refused: {}", peer, cert.status().ToString());
      reactor->Finish(ToGrpcStatus(cert.status()));
      return;
    }
    spdlog::info("till {} enrolled from {} (certificate {}, valid until {})",
                 cert->till.Describe(), peer, cert->serial_hex,
                 absl::FormatTime("%Y-%m-%d", cert->not_after, absl::UTCTimeZone()));
    resp->set_certificate_pem(cert->pem);
    resp->set_org_id(cert->till.org_id);
    resp->set_store_id(cert->till.store_id);
    resp->set_till_id(cert->till.till_id);
    resp->set_serial(cert->serial_hex);
    SetTimestamp(cert->not_after, resp->mutable_not_after());
    reactor->Finish(grpc::Status::OK);
  });
  if (!queued) {
    reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                 "the server is overloaded or shutting down; retry"));
  }
  return reactor;
}

}  // namespace tillstream
