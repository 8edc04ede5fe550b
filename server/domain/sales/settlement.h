// Settling a priced bill: the till's total against the server's, the
// tenders against the total.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_SETTLEMENT_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_SETTLEMENT_H_

#include "absl/status/status.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

// Checks the till's own total against the server's and the tenders against
// the total (change only on cash), and records them on the bill.
absl::Status SettleBill(const BillInput& in, Bill* bill);

// Refund tenders must pay back exactly the refund (no change on a return);
// the till's total must be the refund. Tenders are recorded negative.
absl::Status SettleReturn(const BillInput& in, Bill* bill);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_SETTLEMENT_H_
