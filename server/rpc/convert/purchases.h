// Purchases from other systems on the wire.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_PURCHASES_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_PURCHASES_H_

#include "absl/status/statusor.h"
#include "pos/v1/purchases.pb.h"
#include "server/domain/purchases/purchases.h"

namespace tillstream {

// Every amount must be in the currency of amount_paid; INVALID_ARGUMENT
// names the first that is not.
absl::StatusOr<Purchase> FromProtoPurchase(const pos::v1::Purchase& in);
void ToProtoPurchaseRecord(const StoredPurchase& record, pos::v1::PurchaseRecord* out);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_PURCHASES_H_
