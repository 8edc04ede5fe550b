// The shape of a submitted bill, checked before anything is looked up.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_BILL_INPUT_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_BILL_INPUT_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

// Shape checks that need no catalog: ids, lengths, counts, signs, times.
absl::Status ValidateBillInput(const BillInput& in, absl::Time now);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_BILL_INPUT_H_
