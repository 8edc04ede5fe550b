#include "server/rpc/status.h"

#include <string>

#include "common/validation.h"

namespace tillstream {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

pos::v1::RequestError ToRequestError(const absl::Status& status) {
  pos::v1::RequestError error;
  error.set_code(static_cast<int>(status.code()));
  error.set_message(std::string(status.message()));
  error.set_field(BlamedField(status));
  return error;
}

}  // namespace tillstream
