#include "server/rpc/convert/wire.h"

namespace tillstream {

pos::v1::Money ToMoney(int64_t minor_units, const std::string& currency) {
  pos::v1::Money m;
  m.set_minor_units(minor_units);
  m.set_currency(currency);
  return m;
}

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* ts) {
  const int64_t micros = absl::ToUnixMicros(t);
  int64_t seconds = micros / 1000000;
  int64_t rem = micros % 1000000;
  if (rem < 0) {
    rem += 1000000;
    --seconds;
  }
  ts->set_seconds(seconds);
  ts->set_nanos(static_cast<int32_t>(rem * 1000));
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& ts) {
  // Stored with microsecond precision, like PostgreSQL.
  return absl::FromUnixMicros(ts.seconds() * 1000000 + ts.nanos() / 1000);
}

}  // namespace tillstream
