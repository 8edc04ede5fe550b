// Purchases recorded from other systems: value types, the check that the
// sender's figures add up, and the loyalty points of sale and refund lines.
// The figures are defined in proto/pos/v1/purchases.proto.
#ifndef TILLSTREAM_SERVER_DOMAIN_PURCHASES_PURCHASES_H_
#define TILLSTREAM_SERVER_DOMAIN_PURCHASES_PURCHASES_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/catalog/catalog.h"
#include "server/domain/loyalty/config.h"

namespace tillstream {

inline constexpr size_t kMaxPurchaseLines = 1000;

// Stored (purchases.channel) and sent: do not renumber.
enum class PurchaseChannel { kStore = 1, kWeb = 2, kMobile = 3, kOther = 4 };
static_assert(static_cast<int>(PurchaseChannel::kStore) == 1);
static_assert(static_cast<int>(PurchaseChannel::kWeb) == 2);
static_assert(static_cast<int>(PurchaseChannel::kMobile) == 3);
static_assert(static_cast<int>(PurchaseChannel::kOther) == 4);

struct PurchaseLine {
  int32_t line_no = 0;
  std::string sku;
  std::string name;
  int64_t quantity_milli = 0;  // negative on refund lines
  Uom unit = Uom::kEach;
  int64_t unit_price_minor = 0;
  int64_t extended_minor = 0;
  int64_t item_discount_minor = 0;
  int64_t sale_discount_minor = 0;
  bool is_refund = false;
  std::string refunds_transaction_id;
  int32_t refunds_line_no = 0;
  // Set when recorded: earned by a sale line (>= 0), reversed by a refund
  // line (<= 0).
  int64_t points = 0;

  int64_t net_minor() const {
    return extended_minor - item_discount_minor - sale_discount_minor;
  }
};

struct Purchase {
  std::string source;
  std::string external_transaction_id;
  std::string store_id;
  absl::Time purchase_time;
  PurchaseChannel channel = PurchaseChannel::kStore;
  std::string order_type;
  std::string pay_method;
  std::string member_id;
  std::string external_customer_id;
  std::string email;
  std::string currency;
  int64_t sub_total_minor = 0;
  int64_t item_discount_minor = 0;
  int64_t sale_discount_minor = 0;
  int64_t tax_minor = 0;
  int64_t refund_minor = 0;
  int64_t paid_minor = 0;
  bool prices_include_tax = false;
  std::vector<PurchaseLine> lines;
};

struct StoredPurchase {
  std::string org_id;
  std::string purchase_id;
  Purchase purchase;
  std::string customer_id;  // "": anonymous
  std::string business_date;
  int64_t points_earned = 0;
  int64_t points_reversed = 0;
  absl::Time recorded_at;
  bool replayed = false;
};

// What a refund line needs to know of the line it refunds.
struct RefundedLine {
  std::string purchase_id;
  std::string customer_id;  // the original buyer; "" anonymous
  std::string sku;
  int64_t quantity_milli = 0;  // > 0
  int64_t points = 0;          // earned by it
  int64_t refunded_milli = 0;  // by earlier refunds, > 0
};
// Refunded lines by (external transaction id, line number).
using RefundedLines = std::map<std::pair<std::string, int32_t>, RefundedLine>;

// Field-named INVALID_ARGUMENT for malformed fields; then the figures: each
// one that does not add up is named with what it should be and the
// difference, all in one message.
absl::Status ValidatePurchase(const Purchase& purchase, absl::Time now);

// The points each line earns (0 for refund lines and without a customer):
// the purchase's points on the net of its eligible sale lines, shared over
// those lines in proportion to their net.
absl::StatusOr<std::vector<int64_t>> SaleLinePoints(const LoyaltyConfig& config,
                                                    const Purchase& purchase,
                                                    bool has_customer);

// Checks a refund line against its original (same SKU, unit, no more than
// is left to refund) and answers the points it reverses (>= 0): the
// original's points in proportion to the quantity, cumulatively, so a
// line's refunds together never reverse more than it earned.
absl::StatusOr<int64_t> RefundLineReversal(const std::string& field,
                                           const PurchaseLine& refund,
                                           const RefundedLine& original);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_PURCHASES_PURCHASES_H_
