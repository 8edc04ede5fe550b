// The day summary and customer profiles on the wire.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_REPORTS_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_REPORTS_H_

#include <string>

#include "pos/v1/pos.pb.h"
#include "server/domain/reports/reports.h"

namespace tillstream {

pos::v1::CustomerProfile ToProtoProfile(const CustomerProfile& profile,
                                        const std::string& currency, bool existed);

void ToProtoDaySummary(const DaySummary& summary, pos::v1::DaySummaryResponse* resp);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_REPORTS_H_
