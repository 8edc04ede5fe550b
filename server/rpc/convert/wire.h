// Money and time on the wire, and the check that a wire enum carries the
// domain's numbers (so conversions between them are casts).
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_WIRE_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_WIRE_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "pos/v1/pos.pb.h"

namespace tillstream {

// True when the wire enum value and the domain one have the same number.
template <typename Wire, typename Domain>
constexpr bool Same(Wire wire, Domain domain) {
  return static_cast<int>(wire) == static_cast<int>(domain);
}

pos::v1::Money ToMoney(int64_t minor_units, const std::string& currency);
void SetTimestamp(absl::Time t, google::protobuf::Timestamp* ts);
absl::Time FromTimestamp(const google::protobuf::Timestamp& ts);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_WIRE_H_
