// Tagging a customer onto an anonymous bill after the sale.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_TAGGING_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_TAGGING_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/domain/loyalty/config.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

// Whether an anonymous bill may get `customer_id` now: the org allows it,
// it is a NOT_INTERESTED sale without a customer and without returns, and it
// is at most the org's maximum age old.
absl::Status CheckRetroTag(const LoyaltyConfig& config, const StoredBill& bill,
                           bool has_returns, absl::Time now);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_TAGGING_H_
