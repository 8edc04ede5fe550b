// Bills: what a till submits (BillInput), what the server prices, checks
// and stores (Bill), and how bills are listed. Plain values.
#ifndef TILLSTREAM_SERVER_DOMAIN_SALES_BILL_H_
#define TILLSTREAM_SERVER_DOMAIN_SALES_BILL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "server/domain/catalog/catalog.h"
#include "server/domain/loyalty/effects.h"

namespace tillstream {

// Stored (bills.status) and sent (pos.v1.BillStatus): do not renumber.
enum class BillStatus {
  kRegular = 1,
  kNotInterested = 2,
  kOutlier = 3,
  kTest = 4,
  kDeleted = 5,
};
static_assert(static_cast<int>(BillStatus::kRegular) == 1);
static_assert(static_cast<int>(BillStatus::kNotInterested) == 2);
static_assert(static_cast<int>(BillStatus::kOutlier) == 3);
static_assert(static_cast<int>(BillStatus::kTest) == 4);
static_assert(static_cast<int>(BillStatus::kDeleted) == 5);

// Stored (billing_configs.unique_scope) and sent: do not renumber.
enum class UniquenessScope { kOrg = 1, kStore = 2, kTill = 3 };
static_assert(static_cast<int>(UniquenessScope::kOrg) == 1);
static_assert(static_cast<int>(UniquenessScope::kStore) == 2);
static_assert(static_cast<int>(UniquenessScope::kTill) == 3);

const char* BillStatusName(BillStatus status);
const char* UniquenessScopeName(UniquenessScope scope);

// Stored (bills.bill_type) and sent: do not renumber.
enum class BillType { kSale = 1, kReturn = 2 };
static_assert(static_cast<int>(BillType::kSale) == 1);
static_assert(static_cast<int>(BillType::kReturn) == 2);

// Stored (bills.return_type) and sent: do not renumber.
enum class ReturnType { kFull = 1, kLineItem = 2, kAmount = 3 };
static_assert(static_cast<int>(ReturnType::kFull) == 1);
static_assert(static_cast<int>(ReturnType::kLineItem) == 2);
static_assert(static_cast<int>(ReturnType::kAmount) == 3);

// Stored (bill_tenders.tender_type) and sent: do not renumber.
enum class TenderType {
  kCash = 1,
  kCard = 2,
  kVoucher = 3,
  kOther = 4,
  kPoints = 5,  // loyalty points; the reference carries the validation code
  kCoupon = 6,  // a coupon of this back office; the reference is its code
};
static_assert(static_cast<int>(TenderType::kCash) == 1);
static_assert(static_cast<int>(TenderType::kCard) == 2);
static_assert(static_cast<int>(TenderType::kVoucher) == 3);
static_assert(static_cast<int>(TenderType::kOther) == 4);
static_assert(static_cast<int>(TenderType::kPoints) == 5);
static_assert(static_cast<int>(TenderType::kCoupon) == 6);

const char* TenderTypeName(TenderType type);

// The uniqueness claim a bill makes: its number within `scope_key` ("" for
// the org, the store id, or "store/till"), for window_days around its time.
struct NumberClaim {
  UniquenessScope scope = UniquenessScope::kOrg;
  std::string scope_key;
  int32_t window_days = 0;
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

// The till rang the sale without the server, pricing it from its copy of
// this catalog version.
struct OfflineSale {
  std::string catalog_id;
  int version = 0;
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
  std::string cashier_session_id;          // who rang it up (empty: none signed in)
  std::string approval_id;                 // a supervisor's approval of this bill
  std::optional<OfflineSale> offline;      // set: rung offline
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
  std::string deleted_by;  // set when the back office deleted it
  absl::Time deleted_at;
  std::string delete_reason;
  std::string cashier_id;  // the signed-in cashier who rang it up, if any
  std::string cashier_session_id;
  std::string approval_id;  // a supervisor's approval, if one was needed or given
  std::string approved_by;  // that supervisor
  std::string catalog_id;   // the price list a sale was priced from
  int catalog_version = 0;  // and its version; 0 for returns and older bills
  bool offline = false;     // rung while the till was offline; warnings say what differs
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

// Position in a bill listing: the last bill of the previous page.
struct BillCursor {
  absl::Time billing_time;
  std::string bill_id;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_SALES_BILL_H_
