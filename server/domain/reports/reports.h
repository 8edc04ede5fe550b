// What the back office reads across subsystems: a business day's figures
// and a customer's profile.
#ifndef TILLSTREAM_SERVER_DOMAIN_REPORTS_REPORTS_H_
#define TILLSTREAM_SERVER_DOMAIN_REPORTS_REPORTS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "server/domain/customers/customer.h"
#include "server/domain/loyalty/coupons.h"
#include "server/domain/loyalty/points.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

// How many recent bills a customer profile shows.
inline constexpr int kProfileLastBills = 5;

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

// A bill rung while its till was offline, with what the server noted.
struct OfflineBillNote {
  std::string bill_id;
  std::string store_id;
  std::string till_id;
  std::string bill_number;
  absl::Time billing_time;
  int64_t total_minor = 0;
  int catalog_version = 0;
  std::vector<std::string> warnings;
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
  std::vector<OfflineBillNote> offline_bills;  // in billing order
};

struct CustomerProfile {
  Customer customer;
  PointsBalance points;
  std::vector<BillSummary> last_bills;  // newest first
  std::vector<CouponState> coupons;     // issued to the customer, still usable
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_REPORTS_REPORTS_H_
