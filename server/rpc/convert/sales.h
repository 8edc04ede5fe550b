// Bills, receipts and the billing rules on the wire.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_SALES_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_SALES_H_

#include <string>

#include "absl/status/statusor.h"
#include "pos/v1/pos.pb.h"
#include "server/domain/sales/bill.h"
#include "server/domain/sales/billing_rules.h"

namespace tillstream {

absl::StatusOr<TenderType> FromProtoTenderType(pos::v1::TenderType type);
pos::v1::PricedLine ToProtoLine(const PricedLine& line, const std::string& currency);
pos::v1::BillReceipt ToProtoReceipt(const StoredBill& stored);
// Wire bill to domain input; checks only what the wire can get wrong
// (enums, currencies, timestamps). The domain checks the rest.
absl::StatusOr<BillInput> FromProtoBill(const pos::v1::SubmitBill& bill);
pos::v1::BillingConfigVersion ToProtoBillingConfig(const BillingConfigVersion& version,
                                                   const std::string& currency);
// Checks enums, the currency of amounts and the date format.
absl::StatusOr<BillingConfig> FromProtoBillingConfig(const pos::v1::BillingConfig& config,
                                                     const std::string& currency);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_SALES_H_
