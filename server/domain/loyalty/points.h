// Points: the ledger's entries, balances, what a sale earns and redeems,
// what a return reverses, expiry. Plain functions over values; the storage
// calls the checks under its locks.
#ifndef TILLSTREAM_SERVER_DOMAIN_LOYALTY_POINTS_H_
#define TILLSTREAM_SERVER_DOMAIN_LOYALTY_POINTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/loyalty/config.h"
#include "server/domain/loyalty/effects.h"

namespace tillstream {

// Stored (points_ledger.kind) and sent (pos.v1.LedgerKind): do not renumber.
enum class LedgerKind {
  kEarn = 1,
  kRedeem = 2,
  kEarnReversal = 3,  // a return takes back points its original earned
  kRedeemRefund = 4,  // a return gives back points its original redeemed
  kExpiry = 5,
  kAdjustment = 6,
};
static_assert(static_cast<int>(LedgerKind::kEarn) == 1);
static_assert(static_cast<int>(LedgerKind::kRedeem) == 2);
static_assert(static_cast<int>(LedgerKind::kEarnReversal) == 3);
static_assert(static_cast<int>(LedgerKind::kRedeemRefund) == 4);
static_assert(static_cast<int>(LedgerKind::kExpiry) == 5);
static_assert(static_cast<int>(LedgerKind::kAdjustment) == 6);

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

// What loyalty needs to know of a sale to plan its points and coupons: the
// buyer, whether the sale may earn at all (the bills side decides), what each
// line costs and what was paid with this back office's points and coupons.
struct EarnBasis {
  std::string customer_id;  // "": anonymous
  std::string currency;
  bool may_earn = false;
  struct Line {
    std::string sku;
    int64_t amount_minor = 0;
  };
  std::vector<Line> lines;
  enum class Kind { kPoints, kCoupon };
  struct LoyaltyTender {
    Kind kind = Kind::kPoints;
    int64_t amount_minor = 0;
    std::string reference;  // the validation code, or the coupon's code
  };
  std::vector<LoyaltyTender> tenders;  // in the order the bill lists them
};

// What the org's earning rule gives for an eligible amount: earn_points per
// earn_per_minor, rounded down or half up; 0 for an amount <= 0.
absl::StatusOr<int64_t> PointsForAmount(const LoyaltyConfig& config,
                                        int64_t eligible_minor);

// Points a sale earns: only a sale that may earn, with a customer. The eligible
// amount is the lines' amounts without excluded SKUs, less what was paid
// with points and coupons (never below zero).
absl::StatusOr<int64_t> PointsEarned(const LoyaltyConfig& config, const EarnBasis& sale);

// The loyalty of a priced, settled and classified sale: points it earns,
// points it pays with (POINTS tenders; the amount must be a whole number of
// points), coupons it uses (COUPON tenders, the code as reference). Points
// and customer-bound coupons need a customer; POINTS tenders must agree on
// one validation code.
absl::StatusOr<LoyaltyEffects> PlanSaleLoyalty(const LoyaltyConfig& config,
                                               const EarnBasis& sale);

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

struct ValidationCode {
  std::string code;
  absl::Time expires_at;
};

struct ExpiryResult {
  int64_t customers = 0;
  int64_t points = 0;
};

// Points to expire (first in, first out): credits booked before the cutoff
// that later debits have not consumed yet.
int64_t PointsToExpire(int64_t credits_before_cutoff, int64_t debits_total);

// A random validation code of six digits, from the OS's CSPRNG.
std::string NewValidationCode();

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_LOYALTY_POINTS_H_
