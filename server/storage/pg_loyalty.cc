// LoyaltyRepository on PostgreSQL, and the loyalty steps that run inside a
// bill's transaction. The ledger is append-only (a trigger refuses UPDATE
// and DELETE); loyalty_accounts.balance moves with it in the same
// transaction and its row lock orders each customer's bookings.
#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "server/storage/pg_loyalty_tx.h"
#include "server/storage/pg_repository.h"
#include "server/storage/pg_sql.h"

namespace tillstream {
namespace pg {
namespace {

const std::string kLoyaltyColumns = absl::StrCat(
    "version, unique_mobile, unique_email, unique_external_id, unique_card_number,"
    " earn_points, earn_per_minor, earn_rounding, ",
    JoinedArray("excluded_skus"),
    ", point_value_minor, redeem_min_points, redeem_max_points_per_bill,"
    " redeem_multiple, require_validation_code, validation_code_minutes,"
    " points_expire_days, retro_tag_enabled, retro_tag_max_age_days, changed_by, ",
    Micros("changed_at"), ", reason");

LoyaltyConfigVersion LoyaltyConfigFromRow(const std::string& org_id, const pqxx::row& r) {
  LoyaltyConfigVersion v;
  v.org_id = org_id;
  v.version = r[0].as<int32_t>();
  LoyaltyConfig& c = v.config;
  c.unique_mobile = r[1].as<bool>();
  c.unique_email = r[2].as<bool>();
  c.unique_external_id = r[3].as<bool>();
  c.unique_card_number = r[4].as<bool>();
  c.earn_points = r[5].as<int64_t>();
  c.earn_per_minor = r[6].as<int64_t>();
  c.earn_rounding = static_cast<PointsRounding>(r[7].as<int>());
  c.excluded_skus = SplitArray(r[8]);
  c.point_value_minor = r[9].as<int64_t>();
  c.redeem_min_points = r[10].as<int64_t>();
  c.redeem_max_points_per_bill = r[11].as<int64_t>();
  c.redeem_multiple = r[12].as<int64_t>();
  c.require_validation_code = r[13].as<bool>();
  c.validation_code_minutes = r[14].as<int32_t>();
  c.points_expire_days = r[15].as<int32_t>();
  c.retro_tag_enabled = r[16].as<bool>();
  c.retro_tag_max_age_days = r[17].as<int32_t>();
  v.changed_by = r[18].as<std::string>();
  v.changed_at = absl::FromUnixMicros(r[19].as<int64_t>());
  v.reason = r[20].as<std::string>();
  return v;
}

}  // namespace

int64_t LockAccount(pqxx::transaction_base& tx, const std::string& org_id,
                    const std::string& customer_id) {
  tx.exec_params(
      "INSERT INTO loyalty_accounts (org_id, customer_id) VALUES ($1, $2::uuid)"
      " ON CONFLICT DO NOTHING",
      org_id, customer_id);
  return tx
      .exec_params1(
          "SELECT balance FROM loyalty_accounts WHERE org_id = $1"
          " AND customer_id = $2::uuid FOR UPDATE",
          org_id, customer_id)[0]
      .as<int64_t>();
}

int64_t BookPurchasePoints(pqxx::transaction_base& tx, const std::string& org_id,
                           const std::string& customer_id, LedgerKind kind,
                           int64_t points, int64_t balance,
                           const std::string& purchase_id, const std::string& reason) {
  const int64_t after = balance + points;
  tx.exec_params(
      "INSERT INTO points_ledger (org_id, customer_id, kind, points, balance_after,"
      " purchase_id, reason, created_by) VALUES ($1, $2::uuid, $3, $4, $5, $6::uuid, $7,"
      " 'purchase import')",
      org_id, customer_id, static_cast<int>(kind), points, after, purchase_id, reason);
  tx.exec_params(
      "UPDATE loyalty_accounts SET balance = $3 WHERE org_id = $1 AND customer_id = "
      "$2::uuid",
      org_id, customer_id, after);
  return after;
}

namespace {

// Appends one entry and moves the balance; returns the new balance.
int64_t Book(pqxx::transaction_base& tx, const std::string& org_id,
             const std::string& customer_id, LedgerKind kind, int64_t points,
             int64_t balance, const std::string& bill_id, const std::string& reason,
             const std::string& by, const std::string& request_id = "") {
  const int64_t after = balance + points;
  tx.exec_params(
      "INSERT INTO points_ledger (org_id, customer_id, kind, points, balance_after,"
      " bill_id, reason, created_by, request_id)"
      " VALUES ($1, $2::uuid, $3, $4, $5, $6::uuid, $7, $8, $9)",
      org_id, customer_id, static_cast<int>(kind), points, after, NullIfEmpty(bill_id),
      reason, by, NullIfEmpty(request_id));
  tx.exec_params(
      "UPDATE loyalty_accounts SET balance = $3 WHERE org_id = $1 AND customer_id = "
      "$2::uuid",
      org_id, customer_id, after);
  return after;
}

constexpr char kCouponColumns[] =
    "c.code, c.series_id, s.name, coalesce(c.customer_id::text, ''), s.value_minor,"
    " s.valid_from::text, s.valid_until::text, c.uses, s.uses_per_code,"
    " s.redemptions, s.max_redemptions";

absl::CivilDay ParseDay(const std::string& text) {
  absl::CivilDay day;
  absl::ParseCivilTime(text, &day);
  return day;
}

CouponState CouponFromRow(const pqxx::row& r) {
  CouponState c;
  c.code = r[0].as<std::string>();
  c.series_id = r[1].as<std::string>();
  c.series_name = r[2].as<std::string>();
  c.customer_id = r[3].as<std::string>();
  c.value_minor = r[4].as<int64_t>();
  c.valid_from = ParseDay(r[5].as<std::string>());
  c.valid_until = ParseDay(r[6].as<std::string>());
  c.uses = r[7].as<int32_t>();
  c.uses_per_code = r[8].as<int32_t>();
  c.series_redemptions = r[9].as<int32_t>();
  c.max_redemptions = r[10].as<int32_t>();
  return c;
}

std::optional<CouponState> ReadCoupon(pqxx::transaction_base& tx,
                                      const std::string& org_id, const std::string& code,
                                      bool for_update) {
  const pqxx::result r = tx.exec_params(
      absl::StrCat("SELECT ", kCouponColumns,
                   " FROM coupons c JOIN coupon_series s USING (org_id, series_id)"
                   " WHERE c.org_id = $1 AND c.code = $2",
                   for_update ? " FOR UPDATE OF c, s" : ""),
      org_id, code);
  if (r.empty()) return std::nullopt;
  return CouponFromRow(r[0]);
}

LedgerEntry EntryFromRow(const pqxx::row& r) {
  LedgerEntry e;
  e.entry_id = r[0].as<int64_t>();
  e.customer_id = r[1].as<std::string>();
  e.kind = static_cast<LedgerKind>(r[2].as<int>());
  e.points = r[3].as<int64_t>();
  e.balance_after = r[4].as<int64_t>();
  e.bill_id = OptString(r[5]);
  e.reason = r[6].as<std::string>();
  e.created_by = r[7].as<std::string>();
  e.created_at = absl::FromUnixMicros(r[8].as<int64_t>());
  return e;
}

const std::string kEntryColumns = absl::StrCat(
    "entry_id, customer_id::text, kind, points, balance_after, bill_id::text,"
    " reason, created_by, ",
    Micros("created_at"));

}  // namespace

// Column names come from this fixed table, never from input.
const char* IdentifierColumn(IdentifierKind kind) {
  switch (kind) {
    case IdentifierKind::kMobile:
      return "mobile";
    case IdentifierKind::kEmail:
      return "email";
    case IdentifierKind::kExternalId:
      return "external_id";
    case IdentifierKind::kCardNumber:
      return "card_number";
  }
  return "mobile";
}

LoyaltyConfigVersion ReadLoyaltyConfig(pqxx::transaction_base& tx,
                                       const std::string& org_id) {
  const pqxx::result r = tx.exec_params(
      absl::StrCat(
          "SELECT ", kLoyaltyColumns,
          " FROM loyalty_configs WHERE org_id = $1 ORDER BY version DESC LIMIT 1"),
      org_id);
  if (r.empty()) {
    LoyaltyConfigVersion v;
    v.org_id = org_id;
    return v;
  }
  return LoyaltyConfigFromRow(org_id, r[0]);
}

void LockIdentifierRules(pqxx::transaction_base& tx, const std::string& org_id,
                         bool exclusive) {
  tx.exec_params(absl::StrCat("SELECT pg_advisory_xact_lock", exclusive ? "" : "_shared",
                              "(hashtextextended($1, 1))"),
                 absl::StrCat("customer identifiers\x1f", org_id));
}

absl::Status ApplyBillLoyalty(pqxx::transaction_base& tx, const std::string& by,
                              Bill* bill) {
  LoyaltyEffects& fx = bill->loyalty;
  const std::string& org = bill->org_id;
  const bool points = fx.earn_points > 0 || fx.redeem_points > 0 ||
                      fx.earn_reversal > 0 || fx.redeem_refund > 0;
  if (points && !bill->customer_id.empty()) {
    const std::string& customer = bill->customer_id;
    int64_t balance = LockAccount(tx, org, customer);
    if (fx.redeem_points > 0) {
      if (fx.code_required || !fx.validation_code.empty()) {
        const pqxx::result used = tx.exec_params(
            absl::StrCat("UPDATE points_validation_codes SET used_by_bill = $4::uuid"
                         " WHERE org_id = $1 AND customer_id = $2::uuid AND code = $3"
                         " AND used_by_bill IS NULL AND expires_at > ",
                         FromMicros(5), " RETURNING 1"),
            org, customer, fx.validation_code, bill->bill_id,
            absl::ToUnixMicros(fx.checked_at));
        if (used.empty()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "validation code '", fx.validation_code,
              "' is not valid for this customer (wrong, expired or already used); "
              "ask for a new one"));
        }
      }
      if (auto s = CheckBalanceCovers(balance, fx.redeem_points); !s.ok()) return s;
      balance = Book(tx, org, customer, LedgerKind::kRedeem, -fx.redeem_points, balance,
                     bill->bill_id, absl::StrCat("paid on bill ", bill->bill_number), by);
    }
    if (fx.earn_points > 0) {
      balance =
          Book(tx, org, customer, LedgerKind::kEarn, fx.earn_points, balance,
               bill->bill_id, absl::StrCat("earned on bill ", bill->bill_number), by);
    }
    if (fx.redeem_refund > 0 || fx.earn_reversal > 0) {
      CapReversal(balance, &fx);
      const std::string why = bill->status == BillStatus::kDeleted
                                  ? absl::StrCat("bill ", bill->bill_number, " deleted")
                                  : absl::StrCat("return ", bill->bill_number,
                                                 " of bill ", bill->original_bill_id);
      if (fx.redeem_refund > 0) {
        balance = Book(tx, org, customer, LedgerKind::kRedeemRefund, fx.redeem_refund,
                       balance, bill->bill_id, why, by);
      }
      if (fx.earn_reversal > 0) {
        balance = Book(tx, org, customer, LedgerKind::kEarnReversal, -fx.earn_reversal,
                       balance, bill->bill_id, why, by);
      }
    }
    fx.balance_after = balance;
  }
  if (fx.coupons.empty()) return absl::OkStatus();
  std::vector<CouponUse> coupons = fx.coupons;  // a fixed lock order
  std::sort(coupons.begin(), coupons.end(),
            [](const CouponUse& a, const CouponUse& b) { return a.code < b.code; });
  const absl::CivilDay day = ParseDay(bill->business_date);
  for (const CouponUse& use : coupons) {
    auto coupon = ReadCoupon(tx, org, use.code, /*for_update=*/true);
    if (!coupon) {
      return absl::NotFoundError(absl::StrCat("unknown coupon code ", use.code));
    }
    if (auto s = CheckCouponRedeemable(*coupon, bill->customer_id, day, use.amount_minor);
        !s.ok()) {
      return s;
    }
    tx.exec_params("UPDATE coupons SET uses = uses + 1 WHERE org_id = $1 AND code = $2",
                   org, use.code);
    tx.exec_params(
        "UPDATE coupon_series SET redemptions = redemptions + 1"
        " WHERE org_id = $1 AND series_id = $2",
        org, coupon->series_id);
    tx.exec_params(
        "INSERT INTO coupon_redemptions (org_id, code, bill_id, customer_id,"
        " amount_minor) VALUES ($1, $2, $3::uuid, $4::uuid, $5)",
        org, use.code, bill->bill_id, NullIfEmpty(bill->customer_id), use.amount_minor);
  }
  return absl::OkStatus();
}

LoyaltyEffects ReadBillLoyalty(pqxx::transaction_base& tx, const std::string& org_id,
                               const std::string& bill_id) {
  LoyaltyEffects fx;
  for (const auto& r :
       tx.exec_params("SELECT kind, points, balance_after FROM points_ledger"
                      " WHERE org_id = $1 AND bill_id = $2::uuid ORDER BY entry_id",
                      org_id, bill_id)) {
    const int64_t points = r[1].as<int64_t>();
    switch (static_cast<LedgerKind>(r[0].as<int>())) {
      case LedgerKind::kEarn:
        fx.earn_points = points;
        break;
      case LedgerKind::kRedeem:
        fx.redeem_points = -points;
        break;
      case LedgerKind::kEarnReversal:
        fx.earn_reversal = -points;
        break;
      case LedgerKind::kRedeemRefund:
        fx.redeem_refund = points;
        break;
      default:
        break;
    }
    fx.balance_after = r[2].as<int64_t>();
  }
  for (const auto& r :
       tx.exec_params("SELECT code, amount_minor FROM coupon_redemptions"
                      " WHERE org_id = $1 AND bill_id = $2::uuid ORDER BY code",
                      org_id, bill_id)) {
    fx.coupons.push_back(CouponUse{r[0].as<std::string>(), r[1].as<int64_t>()});
  }
  return fx;
}

PointsBalance ReadBalance(pqxx::transaction_base& tx, const std::string& org_id,
                          const std::string& customer_id) {
  PointsBalance b;
  for (const auto& r :
       tx.exec_params("SELECT kind, sum(points)::bigint FROM points_ledger"
                      " WHERE org_id = $1 AND customer_id = $2::uuid GROUP BY kind",
                      org_id, customer_id)) {
    const int64_t sum = r[1].as<int64_t>();
    switch (static_cast<LedgerKind>(r[0].as<int>())) {
      case LedgerKind::kEarn:
      case LedgerKind::kEarnReversal:
        b.earned += sum;
        break;
      case LedgerKind::kRedeem:
      case LedgerKind::kRedeemRefund:
        b.redeemed -= sum;
        break;
      case LedgerKind::kExpiry:
        b.expired -= sum;
        break;
      case LedgerKind::kAdjustment:
        b.adjusted += sum;
        break;
    }
    b.available += sum;
  }
  return b;
}

std::vector<CouponState> ReadUsableCoupons(pqxx::transaction_base& tx,
                                           const std::string& org_id,
                                           const std::string& customer_id,
                                           absl::CivilDay today) {
  std::vector<CouponState> out;
  for (const auto& r : tx.exec_params(
           absl::StrCat(
               "SELECT ", kCouponColumns,
               " FROM coupons c JOIN coupon_series s USING (org_id, series_id)"
               " WHERE c.org_id = $1 AND c.customer_id = $2::uuid"
               " AND c.uses < s.uses_per_code AND s.valid_until >= $3::date"
               " AND (s.max_redemptions = 0 OR s.redemptions < s.max_redemptions)"
               " ORDER BY s.valid_until, c.code"),
           org_id, customer_id, absl::FormatCivilTime(today))) {
    out.push_back(CouponFromRow(r));
  }
  return out;
}

}  // namespace pg

// ------------------------------------------------------------- config ---

absl::StatusOr<LoyaltyConfigVersion> PgRepository::GetLoyaltyConfig(
    const std::string& org_id) {
  LoyaltyConfigVersion v;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    v = pg::ReadLoyaltyConfig(tx, org_id);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return v;
}

absl::StatusOr<LoyaltyConfigVersion> PgRepository::SaveLoyaltyConfig(
    const std::string& org_id, const LoyaltyConfig& c, int32_t expected_version,
    const std::string& changed_by, const std::string& reason) {
  absl::Status refusal;
  absl::Status s = pool_->Run([&](pqxx::connection& conn) {
    refusal = absl::OkStatus();
    pqxx::work tx(conn);
    if (tx.exec_params("SELECT 1 FROM orgs WHERE org_id = $1", org_id).empty()) {
      refusal = absl::NotFoundError(absl::StrCat("org '", org_id, "' not found"));
      return absl::OkStatus();
    }
    pg::LockIdentifierRules(tx, org_id, /*exclusive=*/true);
    const LoyaltyConfigVersion current = pg::ReadLoyaltyConfig(tx, org_id);
    if (current.version != expected_version) {
      refusal = absl::AbortedError(absl::StrCat(
          "the loyalty rules of ", org_id, " are at version ", current.version, ", not ",
          expected_version,
          ": someone changed them meanwhile; reload, re-apply your change and retry"));
      return absl::OkStatus();
    }
    for (IdentifierKind k : kAllIdentifierKinds) {
      if (c.IsUnique(k) == current.config.IsUnique(k)) continue;
      const char* column = pg::IdentifierColumn(k);
      if (c.IsUnique(k)) {
        const pqxx::result dup =
            tx.exec_params(absl::StrCat("SELECT ", column,
                                        ", count(*) FROM customers WHERE org_id = $1"
                                        " AND ",
                                        column,
                                        " IS NOT NULL GROUP BY 1 HAVING count(*) > 1"
                                        " ORDER BY 2 DESC, 1 LIMIT 1"),
                           org_id);
        if (!dup.empty()) {
          refusal = absl::FailedPreconditionError(absl::StrCat(
              dup[0][1].as<int64_t>(), " customers share ", IdentifierKindName(k), " ",
              dup[0][0].as<std::string>(), "; give them different ones before making ",
              IdentifierKindName(k), " unique"));
          return absl::OkStatus();
        }
        tx.exec_params(
            absl::StrCat("INSERT INTO customer_identifier_claims (org_id, kind, value,"
                         " customer_id) SELECT org_id, $2, ",
                         column, ", customer_id FROM customers WHERE org_id = $1 AND ",
                         column, " IS NOT NULL"),
            org_id, static_cast<int>(k));
      } else {
        tx.exec_params(
            "DELETE FROM customer_identifier_claims WHERE org_id = $1 AND kind = $2",
            org_id, static_cast<int>(k));
      }
    }
    tx.exec_params(
        "INSERT INTO loyalty_configs (org_id, version, unique_mobile, unique_email,"
        " unique_external_id, unique_card_number, earn_points, earn_per_minor,"
        " earn_rounding, excluded_skus, point_value_minor, redeem_min_points,"
        " redeem_max_points_per_bill, redeem_multiple, require_validation_code,"
        " validation_code_minutes, points_expire_days, retro_tag_enabled,"
        " retro_tag_max_age_days, changed_by, reason) VALUES ($1, $2, $3, $4, $5, $6,"
        " $7, $8, $9, $10::text[], $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
        "$21)",
        org_id, expected_version + 1, c.unique_mobile, c.unique_email,
        c.unique_external_id, c.unique_card_number, c.earn_points, c.earn_per_minor,
        static_cast<int>(c.earn_rounding), pg::PgArray(c.excluded_skus),
        c.point_value_minor, c.redeem_min_points, c.redeem_max_points_per_bill,
        c.redeem_multiple, c.require_validation_code, c.validation_code_minutes,
        c.points_expire_days, c.retro_tag_enabled, c.retro_tag_max_age_days, changed_by,
        reason);
    tx.commit();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  return GetLoyaltyConfig(org_id);
}

// ------------------------------------------------------------- points ---

absl::StatusOr<PointsBalance> PgRepository::GetBalance(const std::string& org_id,
                                                       const std::string& customer_id) {
  PointsBalance b;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    b = pg::ReadBalance(tx, org_id, customer_id);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return b;
}

absl::StatusOr<ValidationCode> PgRepository::IssueValidationCode(
    const std::string& org_id, const std::string& customer_id,
    const std::string& candidate, absl::Time now, absl::Duration validity) {
  std::optional<ValidationCode> code;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    code.reset();
    pqxx::work tx(c);
    // Serialises the asks of one customer, so both get the same code.
    if (tx.exec_params("SELECT 1 FROM customers WHERE org_id = $1 AND customer_id ="
                       " $2::uuid FOR UPDATE",
                       org_id, customer_id)
            .empty()) {
      return absl::OkStatus();
    }
    const pqxx::result live = tx.exec_params(
        absl::StrCat("SELECT code, ", pg::Micros("expires_at"),
                     " FROM points_validation_codes WHERE org_id = $1"
                     " AND customer_id = $2::uuid AND used_by_bill IS NULL"
                     " AND expires_at > ",
                     pg::FromMicros(3), " ORDER BY expires_at DESC LIMIT 1"),
        org_id, customer_id, absl::ToUnixMicros(now));
    if (!live.empty()) {
      code = ValidationCode{live[0][0].as<std::string>(),
                            absl::FromUnixMicros(live[0][1].as<int64_t>())};
      return absl::OkStatus();
    }
    const absl::Time expires = now + validity;
    const pqxx::result inserted = tx.exec_params(
        absl::StrCat("INSERT INTO points_validation_codes (org_id, customer_id, code,"
                     " issued_at, expires_at) VALUES ($1, $2::uuid, $3, ",
                     pg::FromMicros(4), ", ", pg::FromMicros(5),
                     ") ON CONFLICT DO NOTHING RETURNING 1"),
        org_id, customer_id, candidate, absl::ToUnixMicros(now),
        absl::ToUnixMicros(expires));
    if (inserted.empty()) {
      return absl::AbortedError("this code was issued to the customer before; ask again");
    }
    tx.commit();
    code = ValidationCode{candidate, expires};
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!code) {
    return absl::NotFoundError(
        absl::StrCat("customer ", customer_id, " not found in org ", org_id));
  }
  return *code;
}

absl::StatusOr<LedgerEntry> PgRepository::AdjustPoints(
    const std::string& org_id, const std::string& customer_id, int64_t points,
    const std::string& reason, const std::string& by, const std::string& request_id) {
  absl::Status refusal;
  std::optional<LedgerEntry> entry;
  absl::Status s = pg::RunRetryingConflicts(*pool_, [&](pqxx::connection& c) {
    refusal = absl::OkStatus();
    entry.reset();
    pqxx::work tx(c);
    if (tx.exec_params("SELECT 1 FROM customers WHERE org_id = $1 AND customer_id ="
                       " $2::uuid",
                       org_id, customer_id)
            .empty()) {
      refusal = absl::NotFoundError(
          absl::StrCat("customer ", customer_id, " not found in org ", org_id));
      return absl::OkStatus();
    }
    const int64_t balance = pg::LockAccount(tx, org_id, customer_id);
    // After the lock: a concurrent retry of this request has committed.
    const pqxx::result earlier = tx.exec_params(
        absl::StrCat("SELECT ", pg::kEntryColumns,
                     " FROM points_ledger WHERE org_id = $1 AND request_id = $2"),
        org_id, request_id);
    if (!earlier.empty()) {
      entry = pg::EntryFromRow(earlier[0]);
      if (entry->customer_id != customer_id || entry->points != points) {
        refusal = absl::AlreadyExistsError(absl::StrCat(
            "request_id ", request_id, " was already used for another adjustment (",
            entry->points, " points for customer ", entry->customer_id, ")"));
      }
      return absl::OkStatus();
    }
    if (balance + points < 0) {
      refusal = absl::FailedPreconditionError(
          absl::StrCat("an adjustment of ", points, " points would take the balance of ",
                       balance, " below zero"));
      return absl::OkStatus();
    }
    pg::Book(tx, org_id, customer_id, LedgerKind::kAdjustment, points, balance, "",
             reason, by, request_id);
    entry = pg::EntryFromRow(
        tx.exec_params1(absl::StrCat("SELECT ", pg::kEntryColumns,
                                     " FROM points_ledger WHERE org_id = $1"
                                     " AND request_id = $2"),
                        org_id, request_id));
    tx.commit();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  return *entry;
}

absl::StatusOr<std::vector<LedgerEntry>> PgRepository::ListLedger(
    const std::string& org_id, const std::string& customer_id, int limit) {
  std::vector<LedgerEntry> entries;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    for (const auto& r : tx.exec_params(
             absl::StrCat(
                 "SELECT ", pg::kEntryColumns,
                 " FROM points_ledger WHERE org_id = $1 AND customer_id = $2::uuid"
                 " ORDER BY entry_id DESC LIMIT $3"),
             org_id, customer_id, limit)) {
      entries.push_back(pg::EntryFromRow(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return entries;
}

absl::StatusOr<ExpiryResult> PgRepository::ExpirePoints(const std::string& org_id,
                                                        absl::Time cutoff,
                                                        const std::string& by) {
  ExpiryResult result;
  absl::Status s = pg::RunRetryingConflicts(*pool_, [&](pqxx::connection& c) {
    result = ExpiryResult{};
    pqxx::work tx(c);
    // Every account of the org, locked in key order, then their sums.
    tx.exec_params(
        "SELECT 1 FROM loyalty_accounts WHERE org_id = $1 ORDER BY customer_id FOR "
        "UPDATE",
        org_id);
    const pqxx::result sums = tx.exec_params(
        absl::StrCat(
            "SELECT a.customer_id::text, a.balance,"
            " coalesce(sum(l.points) FILTER (WHERE l.points > 0 AND l.created_at < ",
            pg::FromMicros(2),
            "), 0)::bigint,"
            " coalesce(-sum(l.points) FILTER (WHERE l.points < 0), 0)::bigint"
            " FROM loyalty_accounts a JOIN points_ledger l USING (org_id,"
            " customer_id) WHERE a.org_id = $1 GROUP BY 1, 2 ORDER BY 1"),
        org_id, absl::ToUnixMicros(cutoff));
    for (const auto& r : sums) {
      const int64_t balance = r[1].as<int64_t>();
      const int64_t expire =
          std::min(balance, PointsToExpire(r[2].as<int64_t>(), r[3].as<int64_t>()));
      if (expire <= 0) continue;
      pg::Book(tx, org_id, r[0].as<std::string>(), LedgerKind::kExpiry, -expire, balance,
               "",
               absl::StrCat("points credited before ",
                            absl::FormatTime("%Y-%m-%d", cutoff, absl::UTCTimeZone()),
                            " expired"),
               by);
      ++result.customers;
      result.points += expire;
    }
    tx.commit();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return result;
}

// ------------------------------------------------------------ coupons ---

absl::StatusOr<CouponSeries> PgRepository::CreateCouponSeries(const std::string& org_id,
                                                              const CouponSeries& in) {
  absl::Status refusal;
  CouponSeries stored;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    refusal = absl::OkStatus();
    pqxx::work tx(c);
    if (tx.exec_params("SELECT 1 FROM orgs WHERE org_id = $1", org_id).empty()) {
      refusal = absl::NotFoundError(absl::StrCat("org '", org_id, "' not found"));
      return absl::OkStatus();
    }
    tx.exec_params(
        "INSERT INTO coupon_series (org_id, series_id, name, value_minor, valid_from,"
        " valid_until, max_redemptions, uses_per_code) VALUES ($1, $2, $3, $4, $5::date,"
        " $6::date, $7, $8) ON CONFLICT DO NOTHING",
        org_id, in.series_id, in.name, in.value_minor,
        absl::FormatCivilTime(in.valid_from), absl::FormatCivilTime(in.valid_until),
        in.max_redemptions, in.uses_per_code);
    const pqxx::row r = tx.exec_params1(
        "SELECT name, value_minor, valid_from::text, valid_until::text, max_redemptions,"
        " uses_per_code, redemptions FROM coupon_series WHERE org_id = $1"
        " AND series_id = $2",
        org_id, in.series_id);
    stored = CouponSeries{in.series_id,
                          r[0].as<std::string>(),
                          r[1].as<int64_t>(),
                          pg::ParseDay(r[2].as<std::string>()),
                          pg::ParseDay(r[3].as<std::string>()),
                          r[4].as<int32_t>(),
                          r[5].as<int32_t>(),
                          r[6].as<int32_t>()};
    tx.commit();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  if (stored.name != in.name || stored.value_minor != in.value_minor ||
      stored.valid_from != in.valid_from || stored.valid_until != in.valid_until ||
      stored.max_redemptions != in.max_redemptions ||
      stored.uses_per_code != in.uses_per_code) {
    return absl::AlreadyExistsError(
        absl::StrCat("coupon series ", in.series_id, " already exists with other terms"));
  }
  return stored;
}

absl::StatusOr<CouponState> PgRepository::IssueCoupon(const std::string& org_id,
                                                      const std::string& code,
                                                      const std::string& series_id,
                                                      const std::string& customer_id) {
  absl::Status refusal;
  std::optional<CouponState> coupon;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    refusal = absl::OkStatus();
    pqxx::work tx(c);
    if (tx.exec_params("SELECT 1 FROM coupon_series WHERE org_id = $1 AND series_id = $2",
                       org_id, series_id)
            .empty()) {
      refusal = absl::NotFoundError(
          absl::StrCat("coupon series ", series_id, " not found in org ", org_id));
      return absl::OkStatus();
    }
    if (!customer_id.empty() &&
        tx.exec_params("SELECT 1 FROM customers WHERE org_id = $1 AND customer_id = "
                       "$2::uuid",
                       org_id, customer_id)
            .empty()) {
      refusal = absl::NotFoundError(
          absl::StrCat("customer ", customer_id, " not found in org ", org_id));
      return absl::OkStatus();
    }
    tx.exec_params(
        "INSERT INTO coupons (org_id, code, series_id, customer_id) VALUES ($1, $2, $3,"
        " $4::uuid) ON CONFLICT DO NOTHING",
        org_id, code, series_id, pg::NullIfEmpty(customer_id));
    coupon = pg::ReadCoupon(tx, org_id, code, /*for_update=*/false);
    tx.commit();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  if (coupon->series_id != series_id || coupon->customer_id != customer_id) {
    return absl::AlreadyExistsError(absl::StrCat(
        "coupon code ", code, " is already issued (series ", coupon->series_id, ", ",
        coupon->customer_id.empty() ? "to anyone" : "to customer " + coupon->customer_id,
        ")"));
  }
  return *coupon;
}

absl::StatusOr<CouponState> PgRepository::GetCoupon(const std::string& org_id,
                                                    const std::string& code) {
  std::optional<CouponState> coupon;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    coupon = pg::ReadCoupon(tx, org_id, code, /*for_update=*/false);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!coupon) return absl::NotFoundError(absl::StrCat("unknown coupon code ", code));
  return *coupon;
}

absl::StatusOr<CouponState> PgRepository::ReactivateCoupon(const std::string& org_id,
                                                           const std::string& code,
                                                           const std::string& bill_id,
                                                           const std::string& by,
                                                           const std::string& reason) {
  absl::Status refusal;
  std::optional<CouponState> coupon;
  absl::Status s = pg::RunRetryingConflicts(*pool_, [&](pqxx::connection& c) {
    refusal = absl::OkStatus();
    pqxx::work tx(c);
    coupon = pg::ReadCoupon(tx, org_id, code, /*for_update=*/true);
    if (!coupon) {
      refusal = absl::NotFoundError(absl::StrCat("unknown coupon code ", code));
      return absl::OkStatus();
    }
    const pqxx::result r = tx.exec_params(
        absl::StrCat("SELECT reactivated_by, ", pg::Micros("reactivated_at"),
                     " FROM coupon_redemptions WHERE org_id = $1 AND code = $2"
                     " AND bill_id = $3::uuid FOR UPDATE"),
        org_id, code, bill_id);
    if (r.empty()) {
      refusal = absl::NotFoundError(
          absl::StrCat("coupon ", code, " was not redeemed on bill ", bill_id));
      return absl::OkStatus();
    }
    if (!r[0][0].is_null()) {
      refusal = absl::FailedPreconditionError(
          absl::StrCat("the redemption of coupon ", code, " on bill ", bill_id,
                       " was already reactivated by ", r[0][0].as<std::string>(), " at ",
                       absl::FormatTime("%Y-%m-%d %H:%M:%S UTC",
                                        absl::FromUnixMicros(r[0][1].as<int64_t>()),
                                        absl::UTCTimeZone())));
      return absl::OkStatus();
    }
    tx.exec_params(
        "UPDATE coupon_redemptions SET reactivated_at = now(), reactivated_by = $4,"
        " reactivation_reason = $5 WHERE org_id = $1 AND code = $2 AND bill_id = "
        "$3::uuid",
        org_id, code, bill_id, by, reason);
    tx.exec_params("UPDATE coupons SET uses = uses - 1 WHERE org_id = $1 AND code = $2",
                   org_id, code);
    tx.exec_params(
        "UPDATE coupon_series SET redemptions = redemptions - 1"
        " WHERE org_id = $1 AND series_id = $2",
        org_id, coupon->series_id);
    coupon = pg::ReadCoupon(tx, org_id, code, /*for_update=*/false);
    tx.commit();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  return *coupon;
}

}  // namespace tillstream
