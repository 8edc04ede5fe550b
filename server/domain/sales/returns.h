// Returns: what a return refunds, computed from the original bill's stored
// per-line figures (discounts and tax included) and from what earlier returns
// already took, so that a chain of returns never refunds more than was paid.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_RETURNS_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_RETURNS_H_

#include "absl/status/statusor.h"
#include "server/domain/org/org.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

// Shape checks of a return request that need no original.
absl::Status ValidateReturnRequest(const ReturnRequest& request);

// The return bill for `in` (whose return_of is set) against `original`:
//   FULL       every line entirely; refused after any earlier return
//   LINE_ITEM  chosen lines and quantities, up to what remains of each line
//   AMOUNT     an amount of the whole bill (apportioned over what remains of
//              the lines) or of chosen lines, up to what remains
// A line's refund is its remaining amount when the rest of the line goes
// back, else its amount x quantity / original quantity (half up), capped at
// what remains; tax likewise. Returned amounts, quantities and tax are
// negative. Refusals (FAILED_PRECONDITION unless the request is malformed)
// say why: nothing left, FULL after a partial return, mixing AMOUNT and
// LINE_ITEM returns, more than remains.
absl::StatusOr<Bill> ComputeReturn(const TillContext& till, const BillInput& in,
                                   const StoredBill& original,
                                   const ReturnHistory& history);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_RETURNS_H_
