// The storage seam. The domain talks only to these interfaces; the PostgreSQL
// implementation lives in server/storage, fakes in the unit tests. Every
// method reports failure as a Status: NOT_FOUND, ALREADY_EXISTS, UNAVAILABLE
// (database unreachable), INTERNAL.
#ifndef TILLSTREAM_SERVER_DOMAIN_REPOSITORIES_H_
#define TILLSTREAM_SERVER_DOMAIN_REPOSITORIES_H_

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/validation.h"
#include "server/domain/invoices.h"
#include "server/domain/model.h"
#include "server/domain/purchases.h"

namespace tillstream {

class OrgRepository {
 public:
  virtual ~OrgRepository() = default;
  // Create calls are idempotent: the same record again is OK and returns the
  // stored one; a different record under an existing id is ALREADY_EXISTS.
  virtual absl::StatusOr<Org> CreateOrg(const Org& org) = 0;
  virtual absl::StatusOr<StoreInfo> CreateStore(const StoreInfo& store) = 0;
  virtual absl::StatusOr<TillInfo> CreateTill(const TillInfo& till) = 0;
  virtual absl::StatusOr<Org> GetOrg(const std::string& org_id) = 0;
  virtual absl::StatusOr<TillContext> FindTill(const std::string& org_id,
                                               const std::string& store_id,
                                               const std::string& till_id) = 0;
};

// Position in a bill listing: the last bill of the previous page.
struct BillCursor {
  absl::Time billing_time;
  std::string bill_id;
};

struct UpsertCounts {
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;
};

class CatalogRepository {
 public:
  virtual ~CatalogRepository() = default;
  virtual absl::StatusOr<CatalogItem> FindByBarcode(const std::string& org_id,
                                                    const std::string& barcode) = 0;
  // Items for the given SKUs; unknown SKUs are simply absent from the result.
  virtual absl::StatusOr<std::vector<CatalogItem>> FindBySkus(
      const std::string& org_id, const std::vector<std::string>& skus) = 0;
  // All or nothing.
  virtual absl::StatusOr<UpsertCounts> UpsertItems(
      const std::string& org_id, const std::vector<CatalogItem>& items) = 0;
};

class CustomerRepository {
 public:
  virtual ~CustomerRepository() = default;
  // Enrol or update, in one transaction: the customer holding any of the
  // given identifiers that the org keeps unique gets the non-empty fields of
  // `customer` (existed = true); with none, `customer` is created under its
  // customer_id. Identifiers are stored as given (already normalised).
  // ALREADY_EXISTS names the identifier when the identifiers belong to
  // different customers. NOT_FOUND for an unknown org.
  virtual absl::StatusOr<EnrolResult> EnrolCustomer(const std::string& org_id,
                                                    const Customer& customer) = 0;
  // Sets the non-empty fields of `customer` on the customer with its id.
  // NOT_FOUND; ALREADY_EXISTS naming an identifier another customer holds
  // when the org keeps it unique.
  virtual absl::StatusOr<Customer> UpdateCustomer(const std::string& org_id,
                                                  const Customer& customer) = 0;
  // NOT_FOUND; FAILED_PRECONDITION when several customers share a value of
  // an identifier the org does not keep unique.
  virtual absl::StatusOr<Customer> FindCustomer(const std::string& org_id,
                                                IdentifierKind kind,
                                                const std::string& value) = 0;
  virtual absl::StatusOr<Customer> FindById(const std::string& org_id,
                                            const std::string& customer_id) = 0;
  // Profile, points balance, the last `last_bills` bills, coupons still
  // usable on `today`.
  virtual absl::StatusOr<CustomerProfile> GetProfile(const std::string& org_id,
                                                     const std::string& customer_id,
                                                     int last_bills,
                                                     absl::CivilDay today) = 0;
};

struct ValidationCode {
  std::string code;
  absl::Time expires_at;
};

struct ExpiryResult {
  int64_t customers = 0;
  int64_t points = 0;
};

struct CouponSeries {
  std::string series_id;
  std::string name;
  int64_t value_minor = 0;
  absl::CivilDay valid_from;
  absl::CivilDay valid_until;
  int32_t max_redemptions = 0;  // 0: no limit
  int32_t uses_per_code = 1;
  int32_t redemptions = 0;  // so far
};

class LoyaltyRepository {
 public:
  virtual ~LoyaltyRepository() = default;
  // As the billing rules: version 0 with the defaults when never set;
  // ABORTED on a stale expected_version. Turning uniqueness of an identifier
  // on is FAILED_PRECONDITION while customers share a value of it.
  virtual absl::StatusOr<LoyaltyConfigVersion> GetLoyaltyConfig(
      const std::string& org_id) = 0;
  virtual absl::StatusOr<LoyaltyConfigVersion> SaveLoyaltyConfig(
      const std::string& org_id, const LoyaltyConfig& config, int32_t expected_version,
      const std::string& changed_by, const std::string& reason) = 0;

  virtual absl::StatusOr<PointsBalance> GetBalance(const std::string& org_id,
                                                   const std::string& customer_id) = 0;
  // The customer's unused code still valid at `now`, else `candidate`,
  // valid for `validity`.
  virtual absl::StatusOr<ValidationCode> IssueValidationCode(
      const std::string& org_id, const std::string& customer_id,
      const std::string& candidate, absl::Time now, absl::Duration validity) = 0;
  // One ADJUSTMENT entry; idempotent on request_id (same request again: the
  // original entry). FAILED_PRECONDITION when it would take the balance
  // below zero.
  virtual absl::StatusOr<LedgerEntry> AdjustPoints(const std::string& org_id,
                                                   const std::string& customer_id,
                                                   int64_t points,
                                                   const std::string& reason,
                                                   const std::string& by,
                                                   const std::string& request_id) = 0;
  // Newest first.
  virtual absl::StatusOr<std::vector<LedgerEntry>> ListLedger(
      const std::string& org_id, const std::string& customer_id, int limit) = 0;
  // Expires, per customer, the points credited before `cutoff` that later
  // debits have not used (first in, first out). Running it again expires
  // nothing new.
  virtual absl::StatusOr<ExpiryResult> ExpirePoints(const std::string& org_id,
                                                    absl::Time cutoff,
                                                    const std::string& by) = 0;

  // Idempotent like the other create calls.
  virtual absl::StatusOr<CouponSeries> CreateCouponSeries(const std::string& org_id,
                                                          const CouponSeries& series) = 0;
  // Issues `code` of the series to `customer_id` ("": to anyone). Idempotent.
  virtual absl::StatusOr<CouponState> IssueCoupon(const std::string& org_id,
                                                  const std::string& code,
                                                  const std::string& series_id,
                                                  const std::string& customer_id) = 0;
  virtual absl::StatusOr<CouponState> GetCoupon(const std::string& org_id,
                                                const std::string& code) = 0;
  // Reverses the coupon's redemption on `bill_id`: the use is given back.
  // NOT_FOUND; FAILED_PRECONDITION when already reactivated.
  virtual absl::StatusOr<CouponState> ReactivateCoupon(const std::string& org_id,
                                                       const std::string& code,
                                                       const std::string& bill_id,
                                                       const std::string& by,
                                                       const std::string& reason) = 0;

  // Attaches `customer_id` to the bill in one transaction that locks it:
  // `check` decides on the locked bill (and whether it has returns); then
  // the bill becomes REGULAR, records who and when, and books the points
  // `earn` computes for it.
  using TagCheck = std::function<absl::Status(const StoredBill& bill, bool has_returns)>;
  using TagEarn = std::function<absl::StatusOr<int64_t>(const Bill& tagged)>;
  virtual absl::StatusOr<StoredBill> TagBill(const std::string& org_id,
                                             const std::string& bill_id,
                                             const std::string& customer_id,
                                             const std::string& by, const TagCheck& check,
                                             const TagEarn& earn) = 0;
};

class BillRepository {
 public:
  virtual ~BillRepository() = default;
  // Stores the bill with its lines and tenders in one transaction, with its
  // loyalty effects: points earned and redeemed (the balance checked under
  // the customer's lock, the validation code used up), coupons redeemed
  // (checked with CheckCouponRedeemable under the coupon's lock). A refusal
  // stores nothing. If a bill
  // with the same (org, bill_id) exists: same fingerprint -> the stored bill
  // with replayed = true; different fingerprint -> ALREADY_EXISTS. A bill
  // with a claim whose number is taken in its scope and window is
  // ALREADY_EXISTS naming the bill it clashes with.
  virtual absl::StatusOr<StoredBill> SaveBill(const Bill& bill,
                                              const std::string& fingerprint) = 0;
  virtual absl::StatusOr<StoredBill> GetBill(const std::string& org_id,
                                             const std::string& bill_id) = 0;

  // The original a return refers to and what earlier returns took from it.
  // NOT_FOUND when there is no such sale; FAILED_PRECONDITION when a number
  // and date match several bills.
  virtual absl::StatusOr<std::pair<StoredBill, ReturnHistory>> LoadReturnBasis(
      const std::string& org_id, const OriginalRef& original) = 0;

  // Stores a return atomically with respect to other returns of the same
  // original: in one transaction that locks the original, loads the basis,
  // asks `compute` for the return bill (which may refuse), and stores it with
  // its loyalty reversal (capped by CapReversal).
  // Replays behave as in SaveBill.
  using ReturnComputer = std::function<absl::StatusOr<Bill>(
      const StoredBill& original, const ReturnHistory& history)>;
  virtual absl::StatusOr<StoredBill> SaveReturn(const std::string& org_id,
                                                const std::string& bill_id,
                                                const OriginalRef& original,
                                                const std::string& fingerprint,
                                                const ReturnComputer& compute) = 0;
  // Ordered by (billing_time, bill_id), starting after `after` when given;
  // store_id "" means every store.
  virtual absl::StatusOr<std::vector<BillSummary>> ListBills(
      const std::string& org_id, const std::string& business_date,
      const std::string& store_id, int limit, const std::optional<BillCursor>& after) = 0;
  // Marks the bill DELETED and frees its number claim. NOT_FOUND;
  // FAILED_PRECONDITION when already deleted or when it has returns.
  virtual absl::StatusOr<StoredBill> DeleteBill(const std::string& org_id,
                                                const std::string& bill_id,
                                                const std::string& deleted_by,
                                                const std::string& reason) = 0;
  // Figures leave DELETED bills out (they show among `statuses`).
  virtual absl::StatusOr<DaySummary> GetDaySummary(const std::string& org_id,
                                                   const std::string& business_date) = 0;
};

class BillingConfigRepository {
 public:
  virtual ~BillingConfigRepository() = default;
  // The newest version; version 0 with the defaults when never set.
  virtual absl::StatusOr<BillingConfigVersion> GetBillingConfig(
      const std::string& org_id) = 0;
  // Stores version expected_version + 1. ABORTED when the newest version is
  // not expected_version (someone else changed it meanwhile).
  virtual absl::StatusOr<BillingConfigVersion> SaveBillingConfig(
      const std::string& org_id, const BillingConfig& config, int32_t expected_version,
      const std::string& changed_by, const std::string& reason) = 0;
  // Newest first.
  virtual absl::StatusOr<std::vector<BillingConfigVersion>> BillingConfigHistory(
      const std::string& org_id) = 0;
};

// Runs on an invoice read under its row lock, before a change: a non-OK
// status refuses the change.
using InvoiceCheck = std::function<absl::Status(const Invoice&)>;
using RedeemCheck = std::function<absl::Status(const Invoice&, const InvoiceItem&)>;
using CodeSource = std::function<absl::StatusOr<std::string>()>;

class InvoiceRepository {
 public:
  virtual ~InvoiceRepository() = default;
  // The org's settings; the defaults when it never set any.
  virtual absl::StatusOr<InvoiceSettings> GetInvoiceSettings(
      const std::string& org_id) = 0;
  virtual absl::StatusOr<InvoiceSettings> SetInvoiceSettings(
      const InvoiceSettings& settings) = 0;

  // Opens an invoice until now + `open_for` (database time). The same
  // request id again answers that invoice (replayed) when the fingerprint
  // matches and ALREADY_EXISTS when not. NOT_FOUND for an unknown customer.
  virtual absl::StatusOr<Invoice> BeginInvoice(const NewInvoice& invoice,
                                               absl::Duration open_for) = 0;
  // Adds items and payments in one transaction after `check` passed on the
  // locked invoice; replays like BeginInvoice. ALREADY_EXISTS naming the
  // invoice when a processor transaction is recorded already. An open
  // invoice past its time is marked expired (and `check` sees kExpired).
  virtual absl::StatusOr<Invoice> AddToInvoice(const std::string& org_id,
                                               const std::string& invoice_id,
                                               const InvoiceAdditions& additions,
                                               const InvoiceCheck& check) = 0;
  // Commits after `check` with codes from `new_code` for the invoice and
  // each item. A committed invoice answers as it is (replayed), `check`
  // not run.
  virtual absl::StatusOr<Invoice> CommitInvoice(const std::string& org_id,
                                                const std::string& invoice_id,
                                                const InvoiceCheck& check,
                                                const CodeSource& new_code) = 0;
  // Aborts after `check`; an aborted invoice answers as it is (replayed).
  virtual absl::StatusOr<Invoice> AbortInvoice(const std::string& org_id,
                                               const std::string& invoice_id,
                                               const std::string& reason,
                                               const InvoiceCheck& check) = 0;
  // By id, or by the invoice's code when `invoice_id` is empty.
  virtual absl::StatusOr<Invoice> GetInvoice(const std::string& org_id,
                                             const std::string& invoice_id,
                                             const std::string& code) = 0;
  // The item (and its invoice) by code or by invoice id and number.
  virtual absl::StatusOr<std::pair<Invoice, InvoiceItem>> GetInvoiceItem(
      const std::string& org_id, const ItemKey& key) = 0;
  // Redeems under the item's row lock once `check` passed, for
  // `customer_id`, with a new `enrolment_id`, access from now (database
  // time). The same request id by the same customer answers the stored
  // redemption (replayed) without `check`. NOT_FOUND for an unknown
  // customer or item.
  virtual absl::StatusOr<ItemRedemption> RedeemItem(const std::string& org_id,
                                                    const ItemKey& key,
                                                    const std::string& customer_id,
                                                    const std::string& request_id,
                                                    const std::string& enrolment_id,
                                                    const RedeemCheck& check) = 0;
};

// Runs inside RecordPurchase's transaction with the org's loyalty rules and
// the original lines its refund lines point at (locked): answers the
// purchase with each line's points, or a refusal.
using PurchasePlanner = std::function<absl::StatusOr<Purchase>(
    const LoyaltyConfig& config, const RefundedLines& originals)>;

class PurchaseRepository {
 public:
  virtual ~PurchaseRepository() = default;
  // In one transaction: a (source, external id) recorded already answers
  // the stored record (replayed) when `fingerprint` matches and
  // ALREADY_EXISTS when not; NOT_FOUND for an unknown store;
  // FAILED_PRECONDITION naming a refunded transaction that is not
  // recorded. Locks the purchases refund lines point at, lets `plan` set
  // the points, stores the purchase, books the earned points to the
  // customer and the reversals to each original buyer (at most their
  // balance: points already spent stay spent).
  virtual absl::StatusOr<StoredPurchase> RecordPurchase(const StoredPurchase& purchase,
                                                        const std::string& fingerprint,
                                                        const PurchasePlanner& plan) = 0;
  virtual absl::StatusOr<StoredPurchase> GetPurchase(
      const std::string& org_id, const std::string& source,
      const std::string& external_transaction_id) = 0;
};

// The org, once its id has the form of a code (INVALID_ARGUMENT naming
// org_id otherwise); NOT_FOUND when there is none.
inline absl::StatusOr<Org> LoadOrg(OrgRepository& orgs, const std::string& org_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  return orgs.GetOrg(org_id);
}

struct Repositories {
  OrgRepository* orgs;
  CatalogRepository* catalog;
  CustomerRepository* customers;
  BillRepository* bills;
  BillingConfigRepository* billing;
  LoyaltyRepository* loyalty;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_REPOSITORIES_H_
