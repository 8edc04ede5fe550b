// One till's session: the state machine behind the till stream. The server
// keeps a mirror of the open bill to answer scans and voids with running
// totals; the submitted bill itself is self-contained and authoritative.
// Not thread-safe: the transport feeds one request at a time.
#ifndef TILLSTREAM_SERVER_USECASES_TILL_SESSION_H_
#define TILLSTREAM_SERVER_USECASES_TILL_SESSION_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/customers/customer.h"
#include "server/domain/identity/till_identity.h"
#include "server/domain/loyalty/config.h"
#include "server/domain/org/org.h"
#include "server/domain/org/store.h"
#include "server/domain/reports/reports.h"
#include "server/domain/sales/bill.h"
#include "server/domain/sales/billing_rules.h"
#include "server/usecases/bill_tagging.h"
#include "server/usecases/bill_voids.h"
#include "server/usecases/cashier_access.h"
#include "server/usecases/clock.h"
#include "server/usecases/customer_directory.h"
#include "server/usecases/guess_guard.h"
#include "server/usecases/redemption_checks.h"
#include "server/usecases/repositories.h"

namespace tillstream {

struct ScanResult {
  PricedLine line;
  int64_t running_total_minor = 0;
};

struct VoidResult {
  int32_t line_no = 0;
  int64_t running_total_minor = 0;
};

class TillSession {
 public:
  // `guesses` limits look-ups of customers and coupons that do not exist
  // (none when null).
  // `cashiers` signs cashiers in and checks bills' cashiers and approvals
  // (none when null: then bills name no cashier).
  explicit TillSession(const Repositories& repos, Clock clock = absl::Now,
                       GuessGuard* guesses = nullptr, CashierAccess* cashiers = nullptr);

  // The till the connection is authenticated as (by its certificate);
  // from then on hello must name that till (PERMISSION_DENIED otherwise).
  void BindTo(const TillIdentity& till) { bound_ = till; }

  // Identifies the till; must come first. A second hello for another till is
  // refused; the same till again is fine (a terminal re-announcing itself).
  absl::StatusOr<TillContext> Hello(const std::string& org_id,
                                    const std::string& store_id,
                                    const std::string& till_id);
  absl::StatusOr<ScanResult> Scan(const std::string& barcode, int64_t quantity_milli);
  absl::StatusOr<VoidResult> Void(int32_t line_no);
  absl::Status Cancel();
  // A look-up answers the whole profile in one round trip; NOT_FOUND lets
  // the till offer enrolment.
  // The profile as a till may see it: contact data masked, no bill history.
  absl::StatusOr<CustomerProfile> Lookup(IdentifierKind kind, const std::string& value);
  absl::StatusOr<CustomerProfile> LookupById(const std::string& customer_id);
  // Enrol or update; the bool says whether the customer existed.
  absl::StatusOr<std::pair<CustomerProfile, bool>> Enrol(const Customer& customer);
  absl::StatusOr<PointsCheck> CheckPoints(const std::string& customer_id, int64_t points);
  absl::StatusOr<CouponCheck> CheckCoupon(const std::string& code,
                                          const std::string& customer_id,
                                          int64_t amount_minor);
  // Retro-tagging from the till, recorded as done by this till.
  absl::StatusOr<StoredBill> TagBill(const std::string& bill_id,
                                     const std::string& customer_id);
  absl::StatusOr<StoredBill> Submit(const BillInput& in);
  // A cashier signs in at this till (the session goes on their bills) or
  // out; a supervisor approves one bill.
  absl::StatusOr<SignedIn> SignIn(const std::string& cashier_id, const std::string& pin);
  // `session_id` empty: the one signed in on this stream.
  absl::Status SignOut(const std::string& session_id);
  absl::StatusOr<SupervisorApproval> Approve(const std::string& supervisor_id,
                                             const std::string& pin,
                                             const std::string& bill_id,
                                             const std::string& reason);
  // A supervisor voids one of this till's bills of today, PIN on the request.
  absl::StatusOr<StoredBill> VoidBill(const VoidRequest& request);
  // Prices the bill as Submit would and stores nothing; the bill number may
  // be empty.
  absl::StatusOr<Bill> Quote(const BillInput& in);

  const std::optional<TillContext>& till() const { return till_; }
  // The till as an identity, after hello.
  TillIdentity identity() const { return till_->identity(); }

 private:
  // `call` under the till's guessing limit.
  template <typename Call>
  auto Guessing(Call&& call) -> decltype(call());
  static absl::StatusOr<CustomerProfile> ForTill(absl::StatusOr<CustomerProfile> profile);
  absl::Status RequireHello() const;
  int64_t RunningTotal() const;
  // The org's rules, re-read at most every few seconds for scans; Submit
  // always reads them fresh.
  absl::StatusOr<BillingConfig> RulesForScans();
  // The catalog the till sells from, once its store may sell
  // (FAILED_PRECONDITION naming the store's status otherwise). The store is
  // re-read at most every couple of seconds for scans (at once while it may
  // not sell), always for bills.
  absl::StatusOr<std::string> SellingCatalog(bool fresh);
  absl::StatusOr<StoredBill> SubmitSale(const BillInput& in);
  // A priced sale's status, warnings and bill-number claim under `config`.
  static absl::Status Classify(const BillingConfig& config, Override override,
                               Bill* bill);
  // The till starts a new bill after a stored one, replayed or not.
  void StartNextBill();
  // A bill refused now that this till already stored under its id (the
  // acknowledgement was lost, then the store was disabled or a price
  // changed) is answered as the replay it is: the sale happened.
  absl::StatusOr<StoredBill> ReplayOrRefuse(const BillInput& in, absl::Status refusal);
  // Checks every bill, sale or return, needs: shape, number rules, billing
  // time; reads the org's rules fresh into *rules. A quote may leave the
  // number empty; a submitted bill may not, if the org requires numbers.
  absl::Status CheckBill(const BillInput& in, bool for_quote, BillingConfig* rules);
  // CheckBill, then prices a sale from the catalog.
  absl::StatusOr<Bill> Prepare(const BillInput& in, bool for_quote, BillingConfig* rules);
  absl::StatusOr<StoredBill> SubmitReturn(const BillInput& in);
  // till_session_offline.cc: stored even where a rule the till could not
  // check says no, with warnings; refused only when malformed.
  absl::StatusOr<StoredBill> SubmitOffline(const BillInput& in);
  // The loyalty a sale or return will book: points earned and redeemed,
  // coupons, reversals. A return's POINTS tenders must be what it gives back.
  // Runs inside a return's transaction, so it reads nothing itself.
  absl::Status PlanLoyalty(const LoyaltyConfig& config, const BillInput& in,
                           const StoredBill* original, const ReturnHistory* history,
                           Bill* bill);
  absl::StatusOr<LoyaltyConfig> LoyaltyRules();

  Repositories repos_;
  Clock clock_;
  CustomerDirectory customers_;
  RedemptionChecks checks_;
  BillTagging tagging_;
  BillVoids voids_;
  GuessGuard* const guesses_;
  CashierAccess* const cashiers_;
  std::optional<std::string> cashier_session_;  // the signed-in cashier's
  std::optional<TillIdentity> bound_;
  std::optional<TillContext> till_;
  std::vector<PricedLine> open_lines_;
  int32_t next_line_no_ = 1;
  std::optional<BillingConfig> scan_rules_;
  absl::Time scan_rules_read_at_;
  std::optional<StoreState> store_;
  absl::Status can_sell_;  // CheckCanSell(*store_), judged when it was read
  absl::Time store_read_at_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_TILL_SESSION_H_
