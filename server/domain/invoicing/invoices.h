// Web-shop invoices: value types and the rules that do not need a database.
// An invoice is opened by a partner front end, filled with items and
// payments, committed once the payments cover the items exactly, and its
// items are then redeemed one by one with codes.
#ifndef TILLSTREAM_SERVER_DOMAIN_INVOICING_INVOICES_H_
#define TILLSTREAM_SERVER_DOMAIN_INVOICING_INVOICES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace tillstream {

inline constexpr int32_t kDefaultInvoiceOpenMinutes = 60;
inline constexpr int32_t kMaxInvoiceOpenMinutes = 30 * 24 * 60;
inline constexpr int64_t kMaxInvoiceQuantity = 10000;
inline constexpr int32_t kMaxAccessDays = 3660;
inline constexpr size_t kMaxInvoiceItems = 500;
inline constexpr size_t kMaxInvoicePayments = 100;
inline constexpr size_t kMaxItemOptions = 20;
inline constexpr size_t kMaxInvoiceNoteLength = 500;

// Stored (invoices.status) and sent (pos.v1.InvoiceStatus): do not renumber.
enum class InvoiceStatus { kOpen = 1, kCommitted = 2, kAborted = 3, kExpired = 4 };
static_assert(static_cast<int>(InvoiceStatus::kOpen) == 1 &&
              static_cast<int>(InvoiceStatus::kCommitted) == 2 &&
              static_cast<int>(InvoiceStatus::kAborted) == 3 &&
              static_cast<int>(InvoiceStatus::kExpired) == 4);
// Stored (invoice_payments.kind): do not renumber.
enum class PaymentKind { kTaken = 1, kScheduled = 2 };
static_assert(static_cast<int>(PaymentKind::kTaken) == 1 &&
              static_cast<int>(PaymentKind::kScheduled) == 2);
const char* InvoiceStatusName(InvoiceStatus status);

struct InvoiceSettings {
  std::string org_id;
  int32_t open_minutes = kDefaultInvoiceOpenMinutes;
  std::string sign_on_url_template;
};

struct InvoiceItemInput {
  std::string sku;
  std::string name;
  int64_t unit_cost_minor = 0;
  int64_t quantity = 0;
  int32_t access_days = 0;
  std::map<std::string, std::string> options;
};

struct InvoiceItem {
  std::string invoice_id;
  std::string currency;  // the invoice's
  int32_t item_no = 0;
  InvoiceItemInput input;
  int64_t amount_minor = 0;
  std::string redemption_code;  // once committed
  std::string redeemed_by;      // customer id, once redeemed
  std::optional<absl::Time> redeemed_at;
  std::optional<absl::Time> access_ends;
  std::string enrolment_id;

  bool redeemed() const { return redeemed_at.has_value(); }
};

struct InvoicePayment {
  std::string payee;
  int64_t amount_minor = 0;
  std::string processor;
  std::string processor_transaction_id;
  absl::Time paid_at;
};

struct ScheduledPayment {
  int64_t amount_minor = 0;
  absl::CivilDay due_date;
};

struct Invoice {
  std::string org_id;
  std::string invoice_id;
  std::string customer_id;
  std::string note;
  std::string purchasing_group;
  std::string currency;
  InvoiceStatus status = InvoiceStatus::kOpen;  // kExpired once past expires_at
  absl::Time created_at;
  absl::Time expires_at;
  std::optional<absl::Time> closed_at;
  std::string close_reason;
  std::string redemption_code;
  std::vector<InvoiceItem> items;
  std::vector<InvoicePayment> payments;
  std::vector<ScheduledPayment> scheduled;
  bool replayed = false;  // the answer to a request already carried out

  int64_t ItemsTotal() const;
  int64_t PaidTotal() const;
  int64_t ScheduledTotal() const;
  int32_t RedeemedItems() const;
};

// What BeginInvoice stores. `fingerprint` identifies the request's content.
struct NewInvoice {
  std::string org_id;
  std::string request_id;
  std::string fingerprint;
  std::string customer_id;
  std::string note;
  std::string purchasing_group;
  std::string currency;
};

// One AddItems or AddPayments request.
struct InvoiceAdditions {
  std::string request_id;
  std::string fingerprint;
  std::vector<InvoiceItemInput> items;
  std::vector<InvoicePayment> payments;
  std::vector<ScheduledPayment> scheduled;
  // Each amount's currency with its request field ("items[0].unit_cost"):
  // all must be the org's.
  std::vector<std::pair<std::string, std::string>> currencies;
};

// An item by its code, or by invoice id and number.
struct ItemKey {
  std::string code;
  std::string invoice_id;
  int32_t item_no = 0;
};

struct ItemRedemption {
  InvoiceItem item;
  std::string sign_on_url;
  bool replayed = false;
};

// Field-named INVALID_ARGUMENT for a bad item; `prefix` is like "items[2].".
absl::Status ValidateItemInput(const std::string& prefix, const InvoiceItemInput& item);
absl::StatusOr<int64_t> ItemAmount(const InvoiceItemInput& item);
absl::Status ValidatePayment(const std::string& prefix, const InvoicePayment& payment,
                             absl::Time now);
absl::Status ValidateScheduledPayment(const std::string& prefix,
                                      const ScheduledPayment& payment);
absl::Status ValidateInvoiceSettings(const InvoiceSettings& settings);

// FAILED_PRECONDITION unless the invoice takes more items and payments at
// `now`: the reason names its state (committed, aborted, expired at ...).
absl::Status CheckOpen(const Invoice& invoice, absl::Time now);

// FAILED_PRECONDITION unless there is an item and payments plus scheduled
// payments equal the items' total; the message names all three figures.
absl::Status CheckCoverage(const Invoice& invoice);

// FAILED_PRECONDITION unless the item's invoice is committed and the item
// is not redeemed yet (then the message says by whom and when).
absl::Status CheckRedeemable(const Invoice& invoice, const InvoiceItem& item);

// The sign-on URL for a redeemed item ("" without a template).
std::string SignOnUrl(const std::string& url_template, const std::string& org_id,
                      const std::string& customer_id, const InvoiceItem& item);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_INVOICING_INVOICES_H_
