// Loyalty rules: which customer identifiers are unique, how bills earn
// points, when points and coupons may be redeemed, what a return reverses,
// and when an anonymous bill may be tagged afterwards. Plain functions over
// values; the storage layer calls the checks under its locks.
#ifndef TILLSTREAM_SERVER_DOMAIN_LOYALTY_H_
#define TILLSTREAM_SERVER_DOMAIN_LOYALTY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace tillstream {

struct Bill;
struct StoredBill;

enum class IdentifierKind { kMobile = 1, kEmail = 2, kExternalId = 3, kCardNumber = 4 };
inline constexpr IdentifierKind kAllIdentifierKinds[] = {
    IdentifierKind::kMobile, IdentifierKind::kEmail, IdentifierKind::kExternalId,
    IdentifierKind::kCardNumber};
const char* IdentifierKindName(IdentifierKind kind);  // "mobile", "card number"...

enum class PointsRounding { kDown = 1, kHalfUp = 2 };

struct LoyaltyConfig {
  // Which identifiers no two customers of the org may share.
  bool unique_mobile = true;
  bool unique_email = true;
  bool unique_external_id = true;
  bool unique_card_number = true;
  // Earning: earn_points points per earn_per_minor minor units of eligible
  // amount (default 1 point per 1.00), rounded down or half up per bill.
  int64_t earn_points = 1;
  int64_t earn_per_minor = 100;
  PointsRounding earn_rounding = PointsRounding::kDown;
  std::vector<std::string> excluded_skus;  // lines of these SKUs earn nothing
  // Redeeming: one point pays point_value_minor minor units.
  int64_t point_value_minor = 1;
  int64_t redeem_min_points = 0;
  int64_t redeem_max_points_per_bill = 0;  // 0: no maximum
  int64_t redeem_multiple = 1;             // redeem in multiples of this
  bool require_validation_code = false;
  int32_t validation_code_minutes = 15;
  int32_t points_expire_days = 0;  // 0: points never expire
  // Retro-tagging a customer onto an anonymous bill.
  bool retro_tag_enabled = false;
  int32_t retro_tag_max_age_days = 7;

  bool IsUnique(IdentifierKind kind) const;
};

struct LoyaltyConfigVersion {
  std::string org_id;
  int32_t version = 0;  // 0: never set, the defaults apply
  LoyaltyConfig config;
  std::string changed_by;
  absl::Time changed_at;
  std::string reason;
};

absl::Status ValidateLoyaltyConfig(const LoyaltyConfig& config);

enum class LedgerKind {
  kEarn = 1,
  kRedeem = 2,
  kEarnReversal = 3,  // a return takes back points its original earned
  kRedeemRefund = 4,  // a return gives back points its original redeemed
  kExpiry = 5,
  kAdjustment = 6,
};
const char* LedgerKindName(LedgerKind kind);

struct LedgerEntry {
  int64_t entry_id = 0;
  std::string customer_id;
  LedgerKind kind = LedgerKind::kEarn;
  int64_t points = 0;  // signed: what the entry did to the balance
  int64_t balance_after = 0;
  std::string bill_id;
  std::string reason;
  std::string created_by;
  absl::Time created_at;
};

// Derived from the ledger; every figure but `available` is net and >= 0 in
// a consistent ledger.
struct PointsBalance {
  int64_t earned = 0;    // earned less earn reversals
  int64_t redeemed = 0;  // redeemed less redeem refunds
  int64_t expired = 0;
  int64_t adjusted = 0;  // signed
  int64_t available = 0;
};

struct CouponUse {
  std::string code;
  int64_t amount_minor = 0;
};

// What a bill does to loyalty, decided by the domain and applied by the
// storage in the bill's own transaction.
struct LoyaltyEffects {
  int64_t earn_points = 0;
  int64_t redeem_points = 0;
  std::string validation_code;  // from the POINTS tender's reference
  bool code_required = false;
  std::vector<CouponUse> coupons;
  int64_t earn_reversal = 0;       // on a return: points to take back (positive)
  int64_t redeem_refund = 0;       // on a return: points to give back (positive)
  int64_t points_value_minor = 0;  // what redeem_points (or redeem_refund) is worth
  int64_t balance_after = 0;       // filled in by the storage
  absl::Time checked_at;           // the server's clock: validation codes expire

  bool empty() const {
    return earn_points == 0 && redeem_points == 0 && coupons.empty() &&
           earn_reversal == 0 && redeem_refund == 0;
  }
};

// What the org's earning rule gives for an eligible amount: earn_points per
// earn_per_minor, rounded down or half up; 0 for an amount <= 0.
absl::StatusOr<int64_t> PointsForAmount(const LoyaltyConfig& config,
                                        int64_t eligible_minor);

// Points a sale earns: only a REGULAR sale with a customer. The eligible
// amount is the lines' amounts without excluded SKUs, less what was paid
// with points and coupons (never below zero).
absl::StatusOr<int64_t> PointsEarned(const LoyaltyConfig& config, const Bill& bill);

// The loyalty of a priced, settled and classified sale: points it earns,
// points it pays with (POINTS tenders; the amount must be a whole number of
// points), coupons it uses (COUPON tenders, the code as reference). Points
// and customer-bound coupons need a customer; POINTS tenders must agree on
// one validation code.
absl::StatusOr<LoyaltyEffects> PlanSaleLoyalty(const LoyaltyConfig& config,
                                               const Bill& bill);

// The redemption rules that need no balance: minimum, maximum per bill,
// multiples. FAILED_PRECONDITION says which.
absl::Status CheckRedemptionRules(const LoyaltyConfig& config, int64_t points);
// FAILED_PRECONDITION unless `available` points cover `points`.
absl::Status CheckBalanceCovers(int64_t available, int64_t points);
// CheckRedemptionRules, then the balance.
absl::Status CheckRedeemable(const LoyaltyConfig& config, int64_t available,
                             int64_t points);

// What a return reverses, in proportion to what it refunds of the
// original's total. Computed on the cumulative refund, so that a chain of
// returns reverses exactly what the original earned and redeemed once all
// of it is back, and rounding never reverses a point twice.
struct ReturnReversal {
  int64_t earn_reversal = 0;
  int64_t redeem_refund = 0;
};
ReturnReversal ProportionalReversal(int64_t original_total_minor,
                                    int64_t refunded_before_minor,
                                    int64_t refunded_now_minor, int64_t earned,
                                    int64_t redeemed);

// The points of `effects` the balance allows: a reversal takes at most what
// the customer holds after the give-back (points already spent stay spent).
void CapReversal(int64_t balance, LoyaltyEffects* effects);

struct CouponState {
  std::string code;
  std::string series_id;
  std::string series_name;
  std::string customer_id;  // "": anyone may use it
  int64_t value_minor = 0;
  absl::CivilDay valid_from;
  absl::CivilDay valid_until;
  int32_t uses = 0;
  int32_t uses_per_code = 1;
  int32_t series_redemptions = 0;
  int32_t max_redemptions = 0;  // 0: no limit
};

// Why a coupon cannot pay `amount_minor` of a bill of `customer_id` on
// `day`: not issued to this customer, not valid yet, expired, already used,
// series exhausted, more than its value. Unknown codes are the storage's
// NOT_FOUND.
absl::Status CheckCouponRedeemable(const CouponState& coupon,
                                   const std::string& customer_id, absl::CivilDay day,
                                   int64_t amount_minor);

// Whether an anonymous bill may get `customer_id` now: the org allows it,
// it is a NOT_INTERESTED sale without a customer and without returns, and it
// is at most the org's maximum age old.
absl::Status CheckRetroTag(const LoyaltyConfig& config, const StoredBill& bill,
                           bool has_returns, absl::Time now);

// Points to expire (first in, first out): credits booked before the cutoff
// that later debits have not consumed yet.
int64_t PointsToExpire(int64_t credits_before_cutoff, int64_t debits_total);

// A random validation code of six digits, from the OS's CSPRNG.
std::string NewValidationCode();

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_LOYALTY_H_
