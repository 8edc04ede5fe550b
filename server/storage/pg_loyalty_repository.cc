#include "server/storage/pg_loyalty_repository.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/business_date.h"
#include "server/storage/pg_loyalty_bookings.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Enum;
using pg::FromMicros;
using pg::Transact;

absl::Status CustomerNotFound(const std::string& org_id, const std::string& customer_id) {
  return absl::NotFoundError(
      absl::StrCat("customer ", customer_id, " not found in org ", org_id));
}

// Making an identifier kind unique claims every value customers hold;
// refused while two customers share one.
absl::Status ChangeUniqueness(pqxx::transaction_base& tx, const std::string& org_id,
                              IdentifierKind kind, bool unique) {
  const char* column = pg::IdentifierColumn(kind);
  if (!unique) {
    tx.exec_params(
        "DELETE FROM customer_identifier_claims WHERE org_id = $1 AND kind = $2", org_id,
        Enum(kind));
    return absl::OkStatus();
  }
  const pqxx::result dup = tx.exec_params(
      absl::StrCat(
          "SELECT ", column, " AS value, count(*) AS customers FROM customers",
          " WHERE org_id = $1 AND ", column,
          " IS NOT NULL GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 DESC, 1 LIMIT 1"),
      org_id);
  if (!dup.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(dup[0]["customers"].as<int64_t>(), " customers share ",
                     IdentifierKindName(kind), " ", dup[0]["value"].as<std::string>(),
                     "; give them different ones before making ",
                     IdentifierKindName(kind), " unique"));
  }
  tx.exec_params(
      absl::StrCat("INSERT INTO customer_identifier_claims (org_id, kind, value,"
                   " customer_id) SELECT org_id, $2, ",
                   column, ", customer_id FROM customers WHERE org_id = $1 AND ", column,
                   " IS NOT NULL"),
      org_id, Enum(kind));
  return absl::OkStatus();
}

}  // namespace

// ------------------------------------------------------------- config ---

absl::StatusOr<LoyaltyConfigVersion> PgLoyaltyRepository::GetLoyaltyConfig(
    const std::string& org_id) {
  return Transact(*pool_,
                  [&](pqxx::connection& c) -> absl::StatusOr<LoyaltyConfigVersion> {
                    pqxx::read_transaction tx(c);
                    return pg::ReadLoyaltyConfig(tx, org_id);
                  });
}

absl::StatusOr<LoyaltyConfigVersion> PgLoyaltyRepository::SaveLoyaltyConfig(
    const std::string& org_id, const LoyaltyConfig& c, int32_t expected_version,
    const std::string& changed_by, const std::string& reason) {
  const absl::Status saved =
      Transact(*pool_, [&](pqxx::connection& conn) -> absl::Status {
        pqxx::work tx(conn);
        if (!pg::OrgExists(tx, org_id)) return pg::OrgNotFound(org_id);
        pg::LockIdentifierRules(tx, org_id, /*exclusive=*/true);
        const LoyaltyConfigVersion current = pg::ReadLoyaltyConfig(tx, org_id);
        if (current.version != expected_version) {
          return absl::AbortedError(
              absl::StrCat("the loyalty rules of ", org_id, " are at version ",
                           current.version, ", not ", expected_version,
                           ": someone changed them meanwhile; reload, re-apply your "
                           "change and retry"));
        }
        for (IdentifierKind k : kAllIdentifierKinds) {
          if (c.IsUnique(k) == current.config.IsUnique(k)) continue;
          if (auto s = ChangeUniqueness(tx, org_id, k, c.IsUnique(k)); !s.ok()) return s;
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
            Enum(c.earn_rounding), pg::PgArray(c.excluded_skus), c.point_value_minor,
            c.redeem_min_points, c.redeem_max_points_per_bill, c.redeem_multiple,
            c.require_validation_code, c.validation_code_minutes, c.points_expire_days,
            c.retro_tag_enabled, c.retro_tag_max_age_days, changed_by, reason);
        tx.commit();
        return absl::OkStatus();
      });
  if (!saved.ok()) return saved;
  return GetLoyaltyConfig(org_id);
}

// ------------------------------------------------------------- points ---

absl::StatusOr<PointsBalance> PgLoyaltyRepository::GetBalance(
    const std::string& org_id, const std::string& customer_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<PointsBalance> {
    pqxx::read_transaction tx(c);
    return pg::ReadBalance(tx, org_id, customer_id);
  });
}

absl::StatusOr<ValidationCode> PgLoyaltyRepository::IssueValidationCode(
    const std::string& org_id, const std::string& customer_id,
    const std::string& candidate, absl::Time now, absl::Duration validity) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<ValidationCode> {
    pqxx::work tx(c);
    // Serialises the asks of one customer, so both get the same code.
    if (!pg::CustomerExists(tx, org_id, customer_id, /*for_update=*/true)) {
      return CustomerNotFound(org_id, customer_id);
    }
    const pqxx::result live =
        tx.exec_params(absl::StrCat("SELECT code, ", pg::MicrosColumn("expires_at"),
                                    " FROM points_validation_codes WHERE org_id = $1"
                                    " AND customer_id = $2::uuid AND used_by_bill IS NULL"
                                    " AND expires_at > ",
                                    FromMicros(3), " ORDER BY expires_at DESC LIMIT 1"),
                       org_id, customer_id, absl::ToUnixMicros(now));
    if (!live.empty()) {
      return ValidationCode{live[0]["code"].as<std::string>(),
                            pg::TimeOf(live[0], "expires_at_us")};
    }
    const absl::Time expires = now + validity;
    const pqxx::result inserted = tx.exec_params(
        absl::StrCat("INSERT INTO points_validation_codes (org_id, customer_id, code,"
                     " issued_at, expires_at) VALUES ($1, $2::uuid, $3, ",
                     FromMicros(4), ", ", FromMicros(5),
                     ") ON CONFLICT DO NOTHING RETURNING 1"),
        org_id, customer_id, candidate, absl::ToUnixMicros(now),
        absl::ToUnixMicros(expires));
    if (inserted.empty()) {
      return absl::AbortedError("this code was issued to the customer before; ask again");
    }
    tx.commit();
    return ValidationCode{candidate, expires};
  });
}

absl::StatusOr<LedgerEntry> PgLoyaltyRepository::AdjustPoints(
    const std::string& org_id, const std::string& customer_id, int64_t points,
    const std::string& reason, const std::string& by, const std::string& request_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<LedgerEntry> {
    pqxx::work tx(c);
    if (!pg::CustomerExists(tx, org_id, customer_id, /*for_update=*/false)) {
      return CustomerNotFound(org_id, customer_id);
    }
    const int64_t balance = pg::LockAccount(tx, org_id, customer_id);
    const std::string by_request =
        absl::StrCat("SELECT ", pg::kLedgerColumns,
                     " FROM points_ledger WHERE org_id = $1 AND request_id = $2");
    // After the lock: a concurrent retry of this request has committed.
    const pqxx::result earlier = tx.exec_params(by_request, org_id, request_id);
    if (!earlier.empty()) {
      LedgerEntry entry = pg::LedgerEntryFromRow(earlier[0]);
      if (entry.customer_id != customer_id || entry.points != points) {
        return absl::AlreadyExistsError(absl::StrCat(
            "request_id ", request_id, " was already used for another adjustment (",
            entry.points, " points for customer ", entry.customer_id, ")"));
      }
      return entry;
    }
    if (balance + points < 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("an adjustment of ", points, " points would take the balance of ",
                       balance, " below zero"));
    }
    pg::Book(tx, org_id, customer_id, LedgerKind::kAdjustment, points, balance, "",
             reason, by, request_id);
    LedgerEntry entry =
        pg::LedgerEntryFromRow(tx.exec_params1(by_request, org_id, request_id));
    tx.commit();
    return entry;
  });
}

absl::StatusOr<std::vector<LedgerEntry>> PgLoyaltyRepository::ListLedger(
    const std::string& org_id, const std::string& customer_id, int limit) {
  return Transact(
      *pool_, [&](pqxx::connection& c) -> absl::StatusOr<std::vector<LedgerEntry>> {
        pqxx::read_transaction tx(c);
        std::vector<LedgerEntry> entries;
        for (const auto& r :
             tx.exec_params(absl::StrCat("SELECT ", pg::kLedgerColumns,
                                         " FROM points_ledger WHERE org_id = $1"
                                         " AND customer_id = $2::uuid"
                                         " ORDER BY entry_id DESC LIMIT $3"),
                            org_id, customer_id, limit)) {
          entries.push_back(pg::LedgerEntryFromRow(r));
        }
        return entries;
      });
}

absl::StatusOr<ExpiryResult> PgLoyaltyRepository::ExpirePoints(const std::string& org_id,
                                                               absl::Time cutoff,
                                                               const std::string& by) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<ExpiryResult> {
    ExpiryResult result;
    pqxx::work tx(c);
    // Every account of the org, locked in key order, then their sums.
    tx.exec_params(
        "SELECT 1 FROM loyalty_accounts WHERE org_id = $1 ORDER BY customer_id FOR "
        "UPDATE",
        org_id);
    const pqxx::result sums = tx.exec_params(
        absl::StrCat(
            "SELECT a.customer_id::text AS customer_id, a.balance,"
            " coalesce(sum(l.points) FILTER (WHERE l.points > 0 AND l.created_at < ",
            FromMicros(2),
            "), 0)::bigint AS credits,"
            " coalesce(-sum(l.points) FILTER (WHERE l.points < 0), 0)::bigint AS debits"
            " FROM loyalty_accounts a JOIN points_ledger l USING (org_id,"
            " customer_id) WHERE a.org_id = $1 GROUP BY 1, 2 ORDER BY 1"),
        org_id, absl::ToUnixMicros(cutoff));
    for (const auto& r : sums) {
      const int64_t balance = r["balance"].as<int64_t>();
      const int64_t expire = std::min(
          balance, PointsToExpire(r["credits"].as<int64_t>(), r["debits"].as<int64_t>()));
      if (expire <= 0) continue;
      pg::Book(tx, org_id, r["customer_id"].as<std::string>(), LedgerKind::kExpiry,
               -expire, balance, "",
               absl::StrCat("points credited before ",
                            absl::FormatTime("%Y-%m-%d", cutoff, absl::UTCTimeZone()),
                            " expired"),
               by);
      ++result.customers;
      result.points += expire;
    }
    tx.commit();
    return result;
  });
}

// ------------------------------------------------------------ coupons ---

absl::StatusOr<CouponSeries> PgLoyaltyRepository::CreateCouponSeries(
    const std::string& org_id, const CouponSeries& in) {
  auto stored =
      Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<CouponSeries> {
        pqxx::work tx(c);
        if (!pg::OrgExists(tx, org_id)) return pg::OrgNotFound(org_id);
        tx.exec_params(
            "INSERT INTO coupon_series (org_id, series_id, name, value_minor, valid_from,"
            " valid_until, max_redemptions, uses_per_code) VALUES ($1, $2, $3, $4, "
            "$5::date,"
            " $6::date, $7, $8) ON CONFLICT DO NOTHING",
            org_id, in.series_id, in.name, in.value_minor,
            absl::FormatCivilTime(in.valid_from), absl::FormatCivilTime(in.valid_until),
            in.max_redemptions, in.uses_per_code);
        const pqxx::row r = tx.exec_params1(
            "SELECT name, value_minor, valid_from::text AS valid_from,"
            " valid_until::text AS valid_until, max_redemptions, uses_per_code, "
            "redemptions"
            " FROM coupon_series WHERE org_id = $1 AND series_id = $2",
            org_id, in.series_id);
        tx.commit();
        return CouponSeries{in.series_id,
                            r["name"].as<std::string>(),
                            r["value_minor"].as<int64_t>(),
                            pg::ParseDay(r["valid_from"].as<std::string>()),
                            pg::ParseDay(r["valid_until"].as<std::string>()),
                            r["max_redemptions"].as<int32_t>(),
                            r["uses_per_code"].as<int32_t>(),
                            r["redemptions"].as<int32_t>()};
      });
  if (!stored.ok()) return stored;
  if (stored->name != in.name || stored->value_minor != in.value_minor ||
      stored->valid_from != in.valid_from || stored->valid_until != in.valid_until ||
      stored->max_redemptions != in.max_redemptions ||
      stored->uses_per_code != in.uses_per_code) {
    return absl::AlreadyExistsError(
        absl::StrCat("coupon series ", in.series_id, " already exists with other terms"));
  }
  return stored;
}

absl::StatusOr<CouponState> PgLoyaltyRepository::IssueCoupon(
    const std::string& org_id, const std::string& code, const std::string& series_id,
    const std::string& customer_id) {
  auto coupon = Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<CouponState> {
    pqxx::work tx(c);
    if (tx.exec_params("SELECT 1 FROM coupon_series WHERE org_id = $1 AND series_id = $2",
                       org_id, series_id)
            .empty()) {
      return absl::NotFoundError(
          absl::StrCat("coupon series ", series_id, " not found in org ", org_id));
    }
    if (!customer_id.empty() &&
        !pg::CustomerExists(tx, org_id, customer_id, /*for_update=*/false)) {
      return CustomerNotFound(org_id, customer_id);
    }
    tx.exec_params(
        "INSERT INTO coupons (org_id, code, series_id, customer_id) VALUES ($1, $2, $3,"
        " $4::uuid) ON CONFLICT DO NOTHING",
        org_id, code, series_id, pg::NullIfEmpty(customer_id));
    auto issued = pg::ReadCoupon(tx, org_id, code, /*for_update=*/false);
    tx.commit();
    return *issued;
  });
  if (!coupon.ok()) return coupon;
  if (coupon->series_id != series_id || coupon->customer_id != customer_id) {
    return absl::AlreadyExistsError(absl::StrCat(
        "coupon code ", code, " is already issued (series ", coupon->series_id, ", ",
        coupon->customer_id.empty() ? "to anyone" : "to customer " + coupon->customer_id,
        ")"));
  }
  return coupon;
}

absl::StatusOr<CouponState> PgLoyaltyRepository::GetCoupon(const std::string& org_id,
                                                           const std::string& code) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<CouponState> {
    pqxx::read_transaction tx(c);
    auto coupon = pg::ReadCoupon(tx, org_id, code, /*for_update=*/false);
    if (!coupon) return absl::NotFoundError(absl::StrCat("unknown coupon code ", code));
    return *coupon;
  });
}

absl::StatusOr<CouponState> PgLoyaltyRepository::ReactivateCoupon(
    const std::string& org_id, const std::string& code, const std::string& bill_id,
    const std::string& by, const std::string& reason) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<CouponState> {
    pqxx::work tx(c);
    if (!pg::ReadCoupon(tx, org_id, code, /*for_update=*/true)) {
      return absl::NotFoundError(absl::StrCat("unknown coupon code ", code));
    }
    const pqxx::result r = tx.exec_params(
        absl::StrCat("SELECT reactivated_by, ", pg::MicrosColumn("reactivated_at"),
                     " FROM coupon_redemptions WHERE org_id = $1 AND code = $2"
                     " AND bill_id = $3::uuid FOR UPDATE"),
        org_id, code, bill_id);
    if (r.empty()) {
      return absl::NotFoundError(
          absl::StrCat("coupon ", code, " was not redeemed on bill ", bill_id));
    }
    if (!r[0]["reactivated_by"].is_null()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the redemption of coupon ", code, " on bill ", bill_id,
          " was already reactivated by ", r[0]["reactivated_by"].as<std::string>(),
          " at ", FormatUtc(pg::TimeOf(r[0], "reactivated_at_us"))));
    }
    pg::GiveBackCoupon(tx, org_id, code, bill_id, by, reason);
    auto coupon = pg::ReadCoupon(tx, org_id, code, /*for_update=*/false);
    tx.commit();
    return *coupon;
  });
}

}  // namespace tillstream
