// The loyalty steps that run inside another operation's transaction (a
// bill's, a return's, a deletion's, an enrolment's, a purchase's), in one
// place for every repository that books or reads loyalty. They throw pqxx
// exceptions like any statement; a refusal by the rules is a returned
// Status, after which the caller must not commit. The ledger is append-only
// (a trigger refuses UPDATE and DELETE); loyalty_accounts.balance moves with
// it and its row lock orders each customer's bookings.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_LOYALTY_BOOKINGS_H_
#define TILLSTREAM_SERVER_STORAGE_PG_LOYALTY_BOOKINGS_H_

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "server/domain/customers/customer.h"
#include "server/domain/loyalty/config.h"
#include "server/domain/loyalty/coupons.h"
#include "server/domain/loyalty/points.h"
#include "server/domain/sales/bill.h"

namespace tillstream::pg {

// The customers column that holds identifiers of `kind`.
const char* IdentifierColumn(IdentifierKind kind);

LoyaltyConfigVersion ReadLoyaltyConfig(pqxx::transaction_base& tx,
                                       const std::string& org_id);

// Enrolments take the org's identifier lock shared; a change of which
// identifiers are unique takes it exclusively, so no enrolment runs on a
// rule that is being changed.
void LockIdentifierRules(pqxx::transaction_base& tx, const std::string& org_id,
                         bool exclusive);

// Books bill->loyalty for a bill just inserted (or tagged) in `tx`, as done
// by `by`; sets balance_after.
absl::Status ApplyBillLoyalty(pqxx::transaction_base& tx, const std::string& by,
                              Bill* bill);

// What the ledger and coupon redemptions hold for a stored bill.
LoyaltyEffects ReadBillLoyalty(pqxx::transaction_base& tx, const std::string& org_id,
                               const std::string& bill_id);

// The customer's account row (created on first use), locked for this
// transaction; answers its balance.
int64_t LockAccount(pqxx::transaction_base& tx, const std::string& org_id,
                    const std::string& customer_id);

// Appends a ledger entry of a recorded purchase and moves the balance
// (locked with LockAccount first); answers the new balance.
int64_t BookPurchasePoints(pqxx::transaction_base& tx, const std::string& org_id,
                           const std::string& customer_id, LedgerKind kind,
                           int64_t points, int64_t balance,
                           const std::string& purchase_id, const std::string& reason);

// Appends one ledger entry (of a bill, or none) and moves the balance
// (locked with LockAccount first); answers the new balance.
int64_t Book(pqxx::transaction_base& tx, const std::string& org_id,
             const std::string& customer_id, LedgerKind kind, int64_t points,
             int64_t balance, const std::string& bill_id, const std::string& reason,
             const std::string& by, const std::string& request_id = "");

// Gives back one use of `code` redeemed on `bill_id`: the coupon and its
// series count one redemption less and the redemption is marked
// reactivated by `by` for `reason`. The caller checked it was not yet.
void GiveBackCoupon(pqxx::transaction_base& tx, const std::string& org_id,
                    const std::string& code, const std::string& bill_id,
                    const std::string& by, const std::string& reason);

// A coupon with its series, optionally locked (coupon and series rows).
std::optional<CouponState> ReadCoupon(pqxx::transaction_base& tx,
                                      const std::string& org_id, const std::string& code,
                                      bool for_update);

// Ledger entries read with kLedgerColumns.
extern const std::string kLedgerColumns;
LedgerEntry LedgerEntryFromRow(const pqxx::row& r);

absl::CivilDay ParseDay(const std::string& text);

PointsBalance ReadBalance(pqxx::transaction_base& tx, const std::string& org_id,
                          const std::string& customer_id);

// The customer's coupons still usable on `today`.
std::vector<CouponState> ReadUsableCoupons(pqxx::transaction_base& tx,
                                           const std::string& org_id,
                                           const std::string& customer_id,
                                           absl::CivilDay today);

}  // namespace tillstream::pg

#endif  // TILLSTREAM_SERVER_STORAGE_PG_LOYALTY_BOOKINGS_H_
