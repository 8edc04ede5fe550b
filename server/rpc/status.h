// absl::Status <-> gRPC status on the wire.
#ifndef TILLSTREAM_SERVER_RPC_STATUS_H_
#define TILLSTREAM_SERVER_RPC_STATUS_H_

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "pos/v1/pos.pb.h"

namespace tillstream {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The per-request error on the till stream, with the field the domain
// blamed (FieldError's payload), if any.
pos::v1::RequestError ToRequestError(const absl::Status& status);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_STATUS_H_
