#include "server/rpc/status.h"

#include <string>

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
  if (status.code() == absl::StatusCode::kInvalidArgument) {
    const std::string msg(status.message());
    const size_t space = msg.find(' ');
    const std::string first = msg.substr(0, space);
    // Field paths look like "lines[2].sku" or "hello.org_id".
    if (space != std::string::npos &&
        first.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.[]0123456789") ==
            std::string::npos) {
      error.set_field(first);
    }
  }
  return error;
}

}  // namespace tillstream
