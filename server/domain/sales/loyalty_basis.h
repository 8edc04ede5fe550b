// What loyalty is told of a bill: the EarnBasis of loyalty/points.h.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_LOYALTY_BASIS_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_LOYALTY_BASIS_H_

#include "server/domain/loyalty/points.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

// A sale may earn when it is REGULAR (a customer, not OUTLIER or TEST); its
// POINTS and COUPON tenders are the loyalty tenders.
EarnBasis EarnBasisOf(const Bill& bill);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_LOYALTY_BASIS_H_
