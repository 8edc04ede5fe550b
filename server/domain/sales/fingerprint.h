// The fingerprint of a submitted bill, stored with it so that a resend is
// told from a different bill under the same id. Stored: it must keep
// giving the same value for the same input.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_FINGERPRINT_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_FINGERPRINT_H_

#include <string>

#include "server/domain/org/org.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

// Fingerprint of everything the till sent, for idempotent replays.
std::string BillFingerprint(const TillContext& till, const BillInput& in);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_FINGERPRINT_H_
