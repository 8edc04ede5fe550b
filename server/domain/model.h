// Plain value types of the back office. No gRPC, no SQL.
#ifndef TILLSTREAM_SERVER_DOMAIN_MODEL_H_
#define TILLSTREAM_SERVER_DOMAIN_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/domain/billing_rules.h"
#include "server/domain/loyalty.h"

namespace tillstream {

enum class Uom { kEach = 1, kKilogram = 2, kLitre = 3, kMetre = 4 };
enum class BillType { kSale = 1, kReturn = 2 };
enum class ReturnType { kFull = 1, kLineItem = 2, kAmount = 3 };

enum class TenderType {
  kCash = 1,
  kCard = 2,
  kVoucher = 3,
  kOther = 4,
  kPoints = 5,  // loyalty points; the reference carries the validation code
  kCoupon = 6,  // a coupon of this back office; the reference is its code
};

const char* UomName(Uom uom);
const char* TenderTypeName(TenderType type);

struct Org {
  std::string org_id;
  std::string name;
  std::string currency;
  std::string time_zone;
  std::string default_country_code;  // "49"; "" when mobiles need their own
};

struct StoreInfo {
  std::string org_id;
  std::string store_id;
  std::string name;
};

struct TillInfo {
  std::string org_id;
  std::string store_id;
  std::string till_id;
};

// Everything a till session needs to know about where it rings up.
struct TillContext {
  Org org;
  StoreInfo store;
  std::string till_id;
};

struct CatalogItem {
  std::string sku;
  std::string name;
  int64_t unit_price_minor = 0;  // tax included
  int32_t tax_rate_bp = 0;       // basis points: 2000 = 20%
  Uom uom = Uom::kEach;
  std::vector<std::string> barcodes;
};

// Identifiers are stored normalised; "" means none.
struct Customer {
  std::string customer_id;
  std::string name;
  std::string mobile;
  std::string email;
  std::string external_id;
  std::string card_number;

  const std::string& identifier(IdentifierKind kind) const;
  std::string& identifier(IdentifierKind kind);
};

struct PricedLine {
  int32_t line_no = 0;
  std::string sku;
  std::string barcode;
  std::string name;
  int64_t quantity_milli = 0;
  Uom uom = Uom::kEach;
  int64_t unit_price_minor = 0;
  int64_t gross_minor = 0;  // unit price x quantity, in the price basis
  int64_t item_discount_minor = 0;
  int64_t sale_discount_minor = 0;  // this line's share of the sale discount
  int64_t amount_minor = 0;         // what the customer pays: discounts and tax included
  int32_t tax_rate_bp = 0;
  int64_t tax_minor = 0;         // contained in amount_minor
  int32_t original_line_no = 0;  // on a return: the original's line it refunds
};

struct Tender {
  TenderType type = TenderType::kCash;
  int64_t amount_minor = 0;
  std::string reference;
};

// A bill as the till submits it: what was sold, not what it costs.
struct BillLineInput {
  int32_t line_no = 0;
  std::string sku;
  int64_t quantity_milli = 0;
  int64_t discount_minor = 0;  // item discount, in the price basis
};

// Which bill a return refunds: by id, or by store, number and business date.
struct OriginalRef {
  std::string bill_id;
  std::string store_id;
  std::string bill_number;
  std::string business_date;
};

struct ReturnLineRequest {
  int32_t original_line_no = 0;
  int64_t quantity_milli = 0;  // LINE_ITEM
  int64_t amount_minor = 0;    // AMOUNT on this line
};

struct ReturnRequest {
  OriginalRef original;
  ReturnType type = ReturnType::kFull;
  std::vector<ReturnLineRequest> lines;
  int64_t amount_minor = 0;  // AMOUNT of the whole bill
  std::string reason;
};

// What earlier returns took from each line of an original (positive sums).
struct LineReturned {
  int64_t quantity_milli = 0;
  int64_t amount_minor = 0;
  int64_t tax_minor = 0;
};

struct ReturnHistory {
  std::map<int32_t, LineReturned> by_line;
  bool any_full = false;
  bool any_line_item = false;
  bool any_amount = false;
};

struct BillInput {
  std::string bill_id;
  std::string bill_number;
  absl::Time billing_time;
  std::vector<BillLineInput> lines;
  std::vector<Tender> tenders;
  std::string client_currency;
  int64_t client_total_minor = 0;
  std::string customer_id;                 // empty: anonymous sale
  int64_t sale_discount_minor = 0;         // whole-bill discount
  std::optional<ReturnRequest> return_of;  // set: this is a return
};

// A bill priced and checked by the server, ready to store.
struct Bill {
  std::string org_id;
  std::string store_id;
  std::string till_id;
  std::string bill_id;
  std::string bill_number;
  absl::Time billing_time;
  std::string business_date;  // YYYY-MM-DD in the org's time zone
  std::string currency;
  std::string customer_id;
  std::vector<PricedLine> lines;
  std::vector<Tender> tenders;
  int64_t subtotal_minor = 0;  // sum of gross
  int64_t discount_minor = 0;  // item and sale discounts
  int64_t total_minor = 0;
  int64_t tax_minor = 0;
  int64_t tendered_minor = 0;
  int64_t change_minor = 0;
  BillStatus status = BillStatus::kNotInterested;
  std::vector<std::string> warnings;  // why it is an OUTLIER
  std::optional<NumberClaim> claim;   // set when its number must be unique
  BillType type = BillType::kSale;
  std::string original_bill_id;  // of a return
  std::optional<ReturnType> return_type;
  std::string return_reason;
  LoyaltyEffects loyalty;
  std::string tagged_by;  // set when a customer was tagged on afterwards
  absl::Time tagged_at;
};

struct StoredBill {
  Bill bill;
  absl::Time received_at;
  bool replayed = false;  // the answer to a retry of a bill stored earlier
};

struct BillSummary {
  std::string bill_id;
  std::string bill_number;
  std::string store_id;
  std::string till_id;
  absl::Time billing_time;
  std::string currency;
  int64_t total_minor = 0;
  int32_t line_count = 0;
  BillStatus status = BillStatus::kNotInterested;
};

struct StatusFigures {
  BillStatus status = BillStatus::kRegular;
  int64_t bills = 0;
  int64_t total_minor = 0;
};

struct TillDayFigures {
  std::string store_id;
  std::string till_id;
  int64_t bills = 0;
  int64_t lines = 0;
  int64_t total_minor = 0;
  int64_t tax_minor = 0;
};

// Loyalty booked by one business day's bills.
struct LoyaltyDayFigures {
  int64_t points_earned = 0;
  int64_t points_redeemed = 0;
  int64_t points_reversed = 0;
  int64_t points_refunded = 0;
  int64_t coupons_redeemed = 0;
  int64_t coupon_amount_minor = 0;
  int64_t customer_bills = 0;  // REGULAR bills
  int64_t bills_tagged = 0;    // of those, tagged after the sale
};

// Web invoices: committed on the day (in the org's time zone), and items
// redeemed on the day.
struct InvoiceDayFigures {
  int64_t committed = 0;
  int64_t invoiced_minor = 0;
  int64_t paid_minor = 0;
  int64_t scheduled_minor = 0;
  int64_t items_redeemed = 0;
};

// Purchases recorded from other systems with the day as business date.
struct PurchaseDayFigures {
  int64_t purchases = 0;
  int64_t with_refunds = 0;        // of those, with refund lines
  int64_t customer_purchases = 0;  // with a customer found
  int64_t paid_minor = 0;          // amount paid, net of refunds
  int64_t refunded_minor = 0;      // refund amounts (negative)
  int64_t points_earned = 0;
  int64_t points_reversed = 0;
};

struct DaySummary {
  std::string org_id;
  std::string business_date;
  std::string currency;
  std::vector<TillDayFigures> tills;
  std::vector<std::pair<TenderType, int64_t>> tenders;  // net of change
  std::vector<StatusFigures> statuses;
  int64_t returns = 0;         // return bills among the tills' bills
  int64_t refunded_minor = 0;  // their total, negative
  LoyaltyDayFigures loyalty;
  InvoiceDayFigures invoices;
  PurchaseDayFigures purchases;
};

struct CustomerProfile {
  Customer customer;
  PointsBalance points;
  std::vector<BillSummary> last_bills;  // newest first
  std::vector<CouponState> coupons;     // issued to the customer, still usable
};

struct EnrolResult {
  Customer customer;
  bool existed = false;  // an existing customer was found and updated
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_MODEL_H_
