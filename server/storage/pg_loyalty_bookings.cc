#include "server/storage/pg_loyalty_bookings.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/enum_names.h"
#include "server/storage/pg_sql.h"

namespace tillstream::pg {
namespace {

const std::string kLoyaltyColumns = absl::StrCat(
    "version, unique_mobile, unique_email, unique_external_id, unique_card_number,"
    " earn_points, earn_per_minor, earn_rounding, ",
    JoinedArray("excluded_skus"),
    ", point_value_minor, redeem_min_points, redeem_max_points_per_bill,"
    " redeem_multiple, require_validation_code, validation_code_minutes,"
    " points_expire_days, retro_tag_enabled, retro_tag_max_age_days, changed_by, ",
    MicrosColumn("changed_at"), ", reason");

LoyaltyConfigVersion LoyaltyConfigFromRow(const std::string& org_id, const pqxx::row& r) {
  LoyaltyConfigVersion v;
  v.org_id = org_id;
  v.version = r["version"].as<int32_t>();
  LoyaltyConfig& c = v.config;
  c.unique_mobile = r["unique_mobile"].as<bool>();
  c.unique_email = r["unique_email"].as<bool>();
  c.unique_external_id = r["unique_external_id"].as<bool>();
  c.unique_card_number = r["unique_card_number"].as<bool>();
  c.earn_points = r["earn_points"].as<int64_t>();
  c.earn_per_minor = r["earn_per_minor"].as<int64_t>();
  c.earn_rounding = EnumOf<PointsRounding>(r["earn_rounding"]);
  c.excluded_skus = SplitArray(r["excluded_skus"]);
  c.point_value_minor = r["point_value_minor"].as<int64_t>();
  c.redeem_min_points = r["redeem_min_points"].as<int64_t>();
  c.redeem_max_points_per_bill = r["redeem_max_points_per_bill"].as<int64_t>();
  c.redeem_multiple = r["redeem_multiple"].as<int64_t>();
  c.require_validation_code = r["require_validation_code"].as<bool>();
  c.validation_code_minutes = r["validation_code_minutes"].as<int32_t>();
  c.points_expire_days = r["points_expire_days"].as<int32_t>();
  c.retro_tag_enabled = r["retro_tag_enabled"].as<bool>();
  c.retro_tag_max_age_days = r["retro_tag_max_age_days"].as<int32_t>();
  v.changed_by = r["changed_by"].as<std::string>();
  v.changed_at = TimeOf(r, "changed_at_us");
  v.reason = r["reason"].as<std::string>();
  return v;
}

constexpr char kCouponColumns[] =
    "c.code, c.series_id, s.name AS series_name,"
    " coalesce(c.customer_id::text, '') AS customer_id, s.value_minor,"
    " s.valid_from::text AS valid_from, s.valid_until::text AS valid_until, c.uses,"
    " s.uses_per_code, s.redemptions, s.max_redemptions";

CouponState CouponFromRow(const pqxx::row& r) {
  CouponState c;
  c.code = r["code"].as<std::string>();
  c.series_id = r["series_id"].as<std::string>();
  c.series_name = r["series_name"].as<std::string>();
  c.customer_id = r["customer_id"].as<std::string>();
  c.value_minor = r["value_minor"].as<int64_t>();
  c.valid_from = ParseDay(r["valid_from"].as<std::string>());
  c.valid_until = ParseDay(r["valid_until"].as<std::string>());
  c.uses = r["uses"].as<int32_t>();
  c.uses_per_code = r["uses_per_code"].as<int32_t>();
  c.series_redemptions = r["redemptions"].as<int32_t>();
  c.max_redemptions = r["max_redemptions"].as<int32_t>();
  return c;
}

// Appends one ledger entry (of a bill, of a purchase, or of neither) and
// moves the balance; answers the new balance.
int64_t AppendEntry(pqxx::transaction_base& tx, const std::string& org_id,
                    const std::string& customer_id, LedgerKind kind, int64_t points,
                    int64_t balance, const std::string& bill_id,
                    const std::string& purchase_id, const std::string& reason,
                    const std::string& by, const std::string& request_id) {
  const int64_t after = balance + points;
  tx.exec_params(
      "INSERT INTO points_ledger (org_id, customer_id, kind, points, balance_after,"
      " bill_id, purchase_id, reason, created_by, request_id)"
      " VALUES ($1, $2::uuid, $3, $4, $5, $6::uuid, $7::uuid, $8, $9, $10)",
      org_id, customer_id, Enum(kind), points, after, NullIfEmpty(bill_id),
      NullIfEmpty(purchase_id), reason, by, NullIfEmpty(request_id));
  tx.exec_params(
      "UPDATE loyalty_accounts SET balance = $3 WHERE org_id = $1 AND customer_id = "
      "$2::uuid",
      org_id, customer_id, after);
  return after;
}

}  // namespace

const std::string kLedgerColumns = absl::StrCat(
    "entry_id, customer_id::text AS customer_id, kind, points, balance_after,"
    " bill_id::text AS bill_id, reason, created_by, ",
    MicrosColumn("created_at"));

LedgerEntry LedgerEntryFromRow(const pqxx::row& r) {
  LedgerEntry e;
  e.entry_id = r["entry_id"].as<int64_t>();
  e.customer_id = r["customer_id"].as<std::string>();
  e.kind = EnumOf<LedgerKind>(r["kind"]);
  e.points = r["points"].as<int64_t>();
  e.balance_after = r["balance_after"].as<int64_t>();
  e.bill_id = OptString(r["bill_id"]);
  e.reason = r["reason"].as<std::string>();
  e.created_by = r["created_by"].as<std::string>();
  e.created_at = TimeOf(r, "created_at_us");
  return e;
}

absl::CivilDay ParseDay(const std::string& text) {
  absl::CivilDay day;
  absl::ParseCivilTime(text, &day);
  return day;
}

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
          org_id, customer_id)["balance"]
      .as<int64_t>();
}

int64_t BookPurchasePoints(pqxx::transaction_base& tx, const std::string& org_id,
                           const std::string& customer_id, LedgerKind kind,
                           int64_t points, int64_t balance,
                           const std::string& purchase_id, const std::string& reason) {
  return AppendEntry(tx, org_id, customer_id, kind, points, balance, "", purchase_id,
                     reason, "purchase import", "");
}

int64_t Book(pqxx::transaction_base& tx, const std::string& org_id,
             const std::string& customer_id, LedgerKind kind, int64_t points,
             int64_t balance, const std::string& bill_id, const std::string& reason,
             const std::string& by, const std::string& request_id) {
  return AppendEntry(tx, org_id, customer_id, kind, points, balance, bill_id, "", reason,
                     by, request_id);
}

void GiveBackCoupon(pqxx::transaction_base& tx, const std::string& org_id,
                    const std::string& code, const std::string& bill_id,
                    const std::string& by, const std::string& reason) {
  tx.exec_params(
      "UPDATE coupon_redemptions SET reactivated_at = now(), reactivated_by = $4,"
      " reactivation_reason = $5 WHERE org_id = $1 AND code = $2 AND bill_id = $3::uuid"
      " AND reactivated_at IS NULL",
      org_id, code, bill_id, by, reason);
  tx.exec_params("UPDATE coupons SET uses = uses - 1 WHERE org_id = $1 AND code = $2",
                 org_id, code);
  tx.exec_params(
      "UPDATE coupon_series s SET redemptions = redemptions - 1 FROM coupons c"
      " WHERE c.org_id = $1 AND c.code = $2 AND s.org_id = c.org_id"
      " AND s.series_id = c.series_id",
      org_id, code);
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

// Column names come from this fixed table, never from input.
const char* IdentifierColumn(IdentifierKind kind) {
  return EnumName(kind, {"mobile", "email", "external_id", "card_number"}, "mobile");
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
    const int64_t points = r["points"].as<int64_t>();
    switch (EnumOf<LedgerKind>(r["kind"])) {
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
    fx.balance_after = r["balance_after"].as<int64_t>();
  }
  for (const auto& r :
       tx.exec_params("SELECT code, amount_minor FROM coupon_redemptions"
                      " WHERE org_id = $1 AND bill_id = $2::uuid ORDER BY code",
                      org_id, bill_id)) {
    fx.coupons.push_back(
        CouponUse{r["code"].as<std::string>(), r["amount_minor"].as<int64_t>()});
  }
  return fx;
}

PointsBalance ReadBalance(pqxx::transaction_base& tx, const std::string& org_id,
                          const std::string& customer_id) {
  PointsBalance b;
  for (const auto& r :
       tx.exec_params("SELECT kind, sum(points)::bigint AS points FROM points_ledger"
                      " WHERE org_id = $1 AND customer_id = $2::uuid GROUP BY kind",
                      org_id, customer_id)) {
    const int64_t sum = r["points"].as<int64_t>();
    switch (EnumOf<LedgerKind>(r["kind"])) {
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

}  // namespace tillstream::pg
