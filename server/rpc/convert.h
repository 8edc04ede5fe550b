// Translation between the wire types (pos.v1) and the domain model.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "pos/v1/pos.pb.h"
#include "server/domain/catalog/catalog.h"
#include "server/domain/customers/customer.h"
#include "server/domain/loyalty/config.h"
#include "server/domain/loyalty/coupons.h"
#include "server/domain/loyalty/points.h"
#include "server/domain/org/org.h"
#include "server/domain/reports/reports.h"
#include "server/domain/sales/bill.h"
#include "server/domain/sales/billing_rules.h"
#include "server/usecases/redemption_checks.h"

namespace tillstream {

pos::v1::Money ToMoney(int64_t minor_units, const std::string& currency);
void SetTimestamp(absl::Time t, google::protobuf::Timestamp* ts);
absl::Time FromTimestamp(const google::protobuf::Timestamp& ts);

pos::v1::UnitOfMeasure ToProtoUom(Uom uom);
absl::StatusOr<Uom> FromProtoUom(pos::v1::UnitOfMeasure uom);
absl::StatusOr<TenderType> FromProtoTenderType(pos::v1::TenderType type);

pos::v1::PricedLine ToProtoLine(const PricedLine& line, const std::string& currency);
pos::v1::BillReceipt ToProtoReceipt(const StoredBill& stored);

// Customers and loyalty (convert_loyalty.cc).
pos::v1::Customer ToProtoCustomer(const Customer& customer);
pos::v1::CustomerProfile ToProtoProfile(const CustomerProfile& profile,
                                        const std::string& currency, bool existed);
pos::v1::Coupon ToProtoCoupon(const CouponState& coupon, const std::string& currency);
pos::v1::PointsCheckResult ToProtoPointsCheck(const PointsCheck& check,
                                              const std::string& currency);
pos::v1::CouponCheckResult ToProtoCouponCheck(const CouponCheck& check,
                                              const std::string& currency);
pos::v1::LedgerEntry ToProtoLedgerEntry(const LedgerEntry& entry);
pos::v1::LoyaltyConfigVersion ToProtoLoyaltyConfig(const LoyaltyConfigVersion& version);
absl::StatusOr<LoyaltyConfig> FromProtoLoyaltyConfig(
    const pos::v1::LoyaltyConfig& config);
Customer FromProtoEnrol(const pos::v1::EnrolCustomer& enrol);
// A look-up names one identifier, or the customer id (kind unset then).
struct LookupKey {
  std::optional<IdentifierKind> kind;
  std::string value;
};
absl::StatusOr<LookupKey> FromProtoLookup(const pos::v1::CustomerLookup& lookup,
                                          const std::string& field);

pos::v1::BillingConfigVersion ToProtoBillingConfig(const BillingConfigVersion& version,
                                                   const std::string& currency);
// Checks enums, the currency of amounts and the date format.
absl::StatusOr<BillingConfig> FromProtoBillingConfig(const pos::v1::BillingConfig& config,
                                                     const std::string& currency);

// Wire bill to domain input; checks only what the wire can get wrong
// (enums, currencies, timestamps). The domain checks the rest.
absl::StatusOr<BillInput> FromProtoBill(const pos::v1::SubmitBill& bill);
absl::StatusOr<CatalogItem> FromProtoItem(const pos::v1::CatalogItem& item,
                                          const std::string& field);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_H_
