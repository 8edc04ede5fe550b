#include "server/storage/pg_billing_config_repository.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Enum;
using pg::PgArray;
using pg::Transact;

// Stored as tax_rounding: do not renumber.
constexpr int kHalfUpStored = 1;
constexpr int kHalfEvenStored = 2;

const std::string kBillingConfigColumns = absl::StrCat(
    "version, bill_number_required, bill_number_pattern, bill_number_unique,"
    " unique_scope, unique_window_days, min_amount_minor, max_amount_minor,"
    " out_of_range_action, ",
    pg::JoinedArray("outlier_prefixes"), ", ", pg::JoinedArray("outlier_store_ids"),
    ", test_mode, earliest_billing_date::text AS earliest_billing_date, changed_by, ",
    pg::MicrosColumn("changed_at"),
    ", reason, prices_exclude_tax, tax_rounding, return_bill_number_unique,"
    " require_cashier, supervisor_discount_bp, offline_price_grace_seconds");

BillingConfigVersion BillingConfigFromRow(const std::string& org_id, const pqxx::row& r) {
  BillingConfigVersion v;
  v.org_id = org_id;
  v.version = r["version"].as<int32_t>();
  BillingConfig& c = v.config;
  c.bill_number_required = r["bill_number_required"].as<bool>();
  c.bill_number_pattern = r["bill_number_pattern"].as<std::string>();
  c.bill_number_unique = r["bill_number_unique"].as<bool>();
  c.unique_scope = pg::EnumOf<UniquenessScope>(r["unique_scope"]);
  c.unique_window_days = r["unique_window_days"].as<int32_t>();
  if (!r["min_amount_minor"].is_null()) {
    c.min_amount_minor = r["min_amount_minor"].as<int64_t>();
  }
  if (!r["max_amount_minor"].is_null()) {
    c.max_amount_minor = r["max_amount_minor"].as<int64_t>();
  }
  c.out_of_range_action = pg::EnumOf<OutOfRangeAction>(r["out_of_range_action"]);
  c.outlier_prefixes = pg::SplitArray(r["outlier_prefixes"]);
  c.outlier_store_ids = pg::SplitArray(r["outlier_store_ids"]);
  c.test_mode = r["test_mode"].as<bool>();
  absl::ParseCivilTime(r["earliest_billing_date"].as<std::string>(),
                       &c.earliest_billing_date);
  v.changed_by = r["changed_by"].as<std::string>();
  v.changed_at = pg::TimeOf(r, "changed_at_us");
  v.reason = r["reason"].as<std::string>();
  c.prices_exclude_tax = r["prices_exclude_tax"].as<bool>();
  c.tax_rounding = r["tax_rounding"].as<int>() == kHalfEvenStored ? Rounding::kHalfEven
                                                                  : Rounding::kHalfUp;
  c.return_bill_number_unique = r["return_bill_number_unique"].as<bool>();
  c.require_cashier = r["require_cashier"].as<bool>();
  c.supervisor_discount_bp = r["supervisor_discount_bp"].as<int32_t>();
  c.offline_price_grace_seconds = r["offline_price_grace_seconds"].as<int32_t>();
  return v;
}

}  // namespace

void PgBillingConfigRepository::PrepareStatements(pqxx::connection& c) {
  c.prepare("billing_config", absl::StrCat("SELECT ", kBillingConfigColumns,
                                           " FROM billing_configs WHERE org_id = $1 "
                                           "ORDER BY version DESC LIMIT 1"));
}

absl::StatusOr<BillingConfigVersion> PgBillingConfigRepository::GetBillingConfig(
    const std::string& org_id) {
  return Transact(*pool_,
                  [&](pqxx::connection& c) -> absl::StatusOr<BillingConfigVersion> {
                    pqxx::nontransaction tx(c);
                    const pqxx::result r = tx.exec_prepared("billing_config", org_id);
                    if (!r.empty()) return BillingConfigFromRow(org_id, r[0]);
                    BillingConfigVersion defaults;
                    defaults.org_id = org_id;
                    defaults.changed_by = "(defaults)";
                    return defaults;
                  });
}

absl::StatusOr<BillingConfigVersion> PgBillingConfigRepository::SaveBillingConfig(
    const std::string& org_id, const BillingConfig& c, int32_t expected_version,
    const std::string& changed_by, const std::string& reason) {
  const std::string min_text =
      c.min_amount_minor ? absl::StrCat(*c.min_amount_minor) : "";
  const std::string max_text =
      c.max_amount_minor ? absl::StrCat(*c.max_amount_minor) : "";
  const absl::Status saved =
      Transact(*pool_, [&](pqxx::connection& conn) -> absl::Status {
        pqxx::work tx(conn);
        // The primary key (org_id, version) turns a concurrent save of the same
        // version into a unique violation: exactly one of them wins.
        const pqxx::result r = tx.exec_params(
            "INSERT INTO billing_configs (org_id, version, bill_number_required,"
            " bill_number_pattern, bill_number_unique, unique_scope, unique_window_days,"
            " min_amount_minor, max_amount_minor, out_of_range_action, outlier_prefixes,"
            " outlier_store_ids, test_mode, earliest_billing_date, changed_by, reason,"
            " prices_exclude_tax, tax_rounding, return_bill_number_unique,"
            " require_cashier, supervisor_discount_bp, offline_price_grace_seconds)"
            " SELECT $1, $2 + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], "
            "$12::text[],"
            " $13, $14::date, $15, $16, $17, $18, $19, $20, $21, $22"
            " WHERE (SELECT coalesce(max(version), 0) FROM billing_configs WHERE org_id "
            "= "
            "$1) = $2"
            " ON CONFLICT DO NOTHING RETURNING version",
            org_id, expected_version, c.bill_number_required, c.bill_number_pattern,
            c.bill_number_unique, Enum(c.unique_scope), c.unique_window_days,
            c.min_amount_minor ? min_text.c_str() : nullptr,
            c.max_amount_minor ? max_text.c_str() : nullptr, Enum(c.out_of_range_action),
            PgArray(c.outlier_prefixes), PgArray(c.outlier_store_ids), c.test_mode,
            absl::FormatCivilTime(c.earliest_billing_date), changed_by, reason,
            c.prices_exclude_tax,
            c.tax_rounding == Rounding::kHalfEven ? kHalfEvenStored : kHalfUpStored,
            c.return_bill_number_unique, c.require_cashier, c.supervisor_discount_bp,
            c.offline_price_grace_seconds);
        if (r.empty()) {
          const int32_t current = tx.exec_params1(
                                        "SELECT coalesce(max(version), 0) AS version"
                                        " FROM billing_configs WHERE org_id = $1",
                                        org_id)["version"]
                                      .as<int32_t>();
          return absl::AbortedError(
              absl::StrCat("the billing rules of ", org_id, " are at version ", current,
                           ", not ", expected_version,
                           ": someone changed them meanwhile; reload, re-apply your "
                           "change and retry"));
        }
        tx.commit();
        return absl::OkStatus();
      });
  if (!saved.ok()) return saved;
  return GetBillingConfig(org_id);
}

absl::StatusOr<std::vector<BillingConfigVersion>>
PgBillingConfigRepository::BillingConfigHistory(const std::string& org_id) {
  using History = std::vector<BillingConfigVersion>;
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<History> {
    pqxx::read_transaction tx(c);
    History versions;
    for (const auto& r :
         tx.exec_params(absl::StrCat("SELECT ", kBillingConfigColumns,
                                     " FROM billing_configs WHERE org_id = $1"
                                     " ORDER BY version DESC"),
                        org_id)) {
      versions.push_back(BillingConfigFromRow(org_id, r));
    }
    return versions;
  });
}

}  // namespace tillstream
