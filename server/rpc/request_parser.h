// Parses till requests off the wire. A request that protobuf refuses because
// a string field holds malformed UTF-8 is answered with the field's name, and
// the stream goes on.
#ifndef TILLSTREAM_SERVER_RPC_REQUEST_PARSER_H_
#define TILLSTREAM_SERVER_RPC_REQUEST_PARSER_H_

#include <grpcpp/support/byte_buffer.h>

#include <string>

#include "absl/status/status.h"
#include "pos/v1/pos.pb.h"

namespace tillstream {

struct ParsedRequest {
  // OK with `request` filled, or INVALID_ARGUMENT naming the bad field; then
  // `correlation_id` is the request's own when that could be read.
  absl::Status status;
  pos::v1::TillRequest request;
  std::string correlation_id;
  bool fatal = false;  // not a TillRequest at all: end the stream
};

ParsedRequest ParseTillRequest(const std::string& bytes);
ParsedRequest ParseTillRequest(grpc::ByteBuffer* buffer);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_REQUEST_PARSER_H_
