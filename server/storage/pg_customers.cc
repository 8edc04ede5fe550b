// CustomerRepository on PostgreSQL: enrolment, update and look-ups, with the
// org's unique identifiers held by customer_identifier_claims.
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "server/storage/pg_loyalty_tx.h"
#include "server/storage/pg_repository.h"
#include "server/storage/pg_sql.h"

namespace tillstream {
namespace {

using pg::Micros;
using pg::NullIfEmpty;
using pg::OptString;

constexpr char kCustomerColumns[] =
    "customer_id::text, name, mobile, email, external_id, card_number";

Customer CustomerFromRow(const pqxx::row& r) {
  Customer c;
  c.customer_id = r[0].as<std::string>();
  c.name = r[1].as<std::string>();
  c.mobile = OptString(r[2]);
  c.email = OptString(r[3]);
  c.external_id = OptString(r[4]);
  c.card_number = OptString(r[5]);
  return c;
}

std::optional<Customer> ReadCustomer(pqxx::transaction_base& tx,
                                     const std::string& org_id,
                                     const std::string& customer_id) {
  const pqxx::result r = tx.exec_params(
      absl::StrCat("SELECT ", kCustomerColumns,
                   " FROM customers WHERE org_id = $1 AND customer_id = $2::uuid"),
      org_id, customer_id);
  if (r.empty()) return std::nullopt;
  return CustomerFromRow(r[0]);
}

// The customer holding `value` as a unique identifier of `kind`, if any.
std::optional<std::string> ClaimHolder(pqxx::transaction_base& tx,
                                       const std::string& org_id, IdentifierKind kind,
                                       const std::string& value) {
  const pqxx::result r = tx.exec_params(
      "SELECT customer_id::text FROM customer_identifier_claims"
      " WHERE org_id = $1 AND kind = $2 AND value = $3",
      org_id, static_cast<int>(kind), value);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

// Re-writes the claims of one customer from its row, for the kinds the org
// keeps unique. Throws unique_violation (23505) when another customer holds
// one of them.
void SyncClaims(pqxx::transaction_base& tx, const std::string& org_id,
                const std::string& customer_id, const LoyaltyConfig& config) {
  std::vector<int> kinds;
  for (IdentifierKind k : kAllIdentifierKinds) {
    if (config.IsUnique(k)) kinds.push_back(static_cast<int>(k));
  }
  tx.exec_params(
      "DELETE FROM customer_identifier_claims WHERE org_id = $1 AND customer_id = "
      "$2::uuid",
      org_id, customer_id);
  tx.exec_params(
      "INSERT INTO customer_identifier_claims (org_id, kind, value, customer_id)"
      " SELECT c.org_id, k.kind, k.value, c.customer_id FROM customers c,"
      " LATERAL (VALUES (1, c.mobile), (2, c.email), (3, c.external_id),"
      " (4, c.card_number)) AS k(kind, value)"
      " WHERE c.org_id = $1 AND c.customer_id = $2::uuid AND k.value IS NOT NULL"
      " AND k.kind = ANY ($3::int[])",
      org_id, customer_id, pg::PgArray(kinds));
}

// Sets the non-empty fields of `c` on the stored customer `id`.
void WriteCustomer(pqxx::transaction_base& tx, const std::string& org_id,
                   const std::string& id, const Customer& c) {
  tx.exec_params(
      "UPDATE customers SET name = coalesce($3, name), mobile = coalesce($4, mobile),"
      " email = coalesce($5, email), external_id = coalesce($6, external_id),"
      " card_number = coalesce($7, card_number), updated_at = now()"
      " WHERE org_id = $1 AND customer_id = $2::uuid",
      org_id, id, NullIfEmpty(c.name), NullIfEmpty(c.mobile), NullIfEmpty(c.email),
      NullIfEmpty(c.external_id), NullIfEmpty(c.card_number));
}

absl::Status IdentifierTaken(IdentifierKind kind, const std::string& value,
                             const std::string& holder) {
  return absl::AlreadyExistsError(absl::StrCat("another customer (", holder,
                                               ") already has ", IdentifierKindName(kind),
                                               " ", value));
}

bool IsUniqueViolation(const pqxx::sql_error& e) { return e.sqlstate() == "23505"; }

}  // namespace

absl::StatusOr<EnrolResult> PgRepository::EnrolCustomer(const std::string& org_id,
                                                        const Customer& customer) {
  absl::Status refusal;
  EnrolResult result;
  absl::Status s = pg::RunRetryingConflicts(*pool_, [&](pqxx::connection& c) {
    refusal = absl::OkStatus();
    try {
      pqxx::work tx(c);
      if (tx.exec_params("SELECT 1 FROM orgs WHERE org_id = $1", org_id).empty()) {
        refusal = absl::NotFoundError(absl::StrCat("org '", org_id, "' not found"));
        return absl::OkStatus();
      }
      pg::LockIdentifierRules(tx, org_id, /*exclusive=*/false);
      const LoyaltyConfig config = pg::ReadLoyaltyConfig(tx, org_id).config;
      // Who is this? The customer with the given id, and the holders of the
      // given unique identifiers, must all be one customer.
      std::optional<std::string> match;
      std::string matched_by;
      if (ReadCustomer(tx, org_id, customer.customer_id)) {
        match = customer.customer_id;
        matched_by = "customer id";
      }
      for (IdentifierKind k : kAllIdentifierKinds) {
        const std::string& value = customer.identifier(k);
        if (value.empty() || !config.IsUnique(k)) continue;
        auto holder = ClaimHolder(tx, org_id, k, value);
        if (!holder) continue;
        if (match && *match != *holder) {
          refusal = absl::AlreadyExistsError(
              absl::StrCat(IdentifierKindName(k), " ", value, " belongs to customer ",
                           *holder, ", but the ", matched_by, " to customer ", *match,
                           ": these identifiers cannot enrol one customer"));
          return absl::OkStatus();
        }
        match = holder;
        matched_by = absl::StrCat(IdentifierKindName(k), " ", value);
      }
      if (match) {
        WriteCustomer(tx, org_id, *match, customer);
        result.existed = true;
      } else {
        tx.exec_params(
            "INSERT INTO customers (org_id, customer_id, name, mobile, email,"
            " external_id, card_number) VALUES ($1, $2::uuid, $3, $4, $5, $6, $7)",
            org_id, customer.customer_id, customer.name, NullIfEmpty(customer.mobile),
            NullIfEmpty(customer.email), NullIfEmpty(customer.external_id),
            NullIfEmpty(customer.card_number));
        result.existed = false;
      }
      const std::string id = match ? *match : customer.customer_id;
      SyncClaims(tx, org_id, id, config);
      result.customer = *ReadCustomer(tx, org_id, id);
      tx.commit();
    } catch (const pqxx::sql_error& e) {
      // Another enrolment took one of these identifiers meanwhile: run
      // again, and find that customer.
      if (IsUniqueViolation(e)) return absl::AbortedError("identifier taken meanwhile");
      throw;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  return result;
}

absl::StatusOr<Customer> PgRepository::UpdateCustomer(const std::string& org_id,
                                                      const Customer& customer) {
  absl::Status refusal;
  Customer result;
  absl::Status s = pg::RunRetryingConflicts(*pool_, [&](pqxx::connection& c) {
    refusal = absl::OkStatus();
    try {
      pqxx::work tx(c);
      pg::LockIdentifierRules(tx, org_id, /*exclusive=*/false);
      if (!ReadCustomer(tx, org_id, customer.customer_id)) {
        refusal = absl::NotFoundError(absl::StrCat("customer ", customer.customer_id,
                                                   " not found in org ", org_id));
        return absl::OkStatus();
      }
      const LoyaltyConfig config = pg::ReadLoyaltyConfig(tx, org_id).config;
      for (IdentifierKind k : kAllIdentifierKinds) {
        const std::string& value = customer.identifier(k);
        if (value.empty() || !config.IsUnique(k)) continue;
        auto holder = ClaimHolder(tx, org_id, k, value);
        if (holder && *holder != customer.customer_id) {
          refusal = IdentifierTaken(k, value, *holder);
          return absl::OkStatus();
        }
      }
      WriteCustomer(tx, org_id, customer.customer_id, customer);
      SyncClaims(tx, org_id, customer.customer_id, config);
      result = *ReadCustomer(tx, org_id, customer.customer_id);
      tx.commit();
    } catch (const pqxx::sql_error& e) {
      if (IsUniqueViolation(e)) return absl::AbortedError("identifier taken meanwhile");
      throw;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  return result;
}

absl::StatusOr<Customer> PgRepository::FindCustomer(const std::string& org_id,
                                                    IdentifierKind kind,
                                                    const std::string& value) {
  std::vector<Customer> found;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    for (const auto& r : tx.exec_prepared(
             absl::StrCat("customer_by_", pg::IdentifierColumn(kind)), org_id, value)) {
      found.push_back(CustomerFromRow(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (found.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no customer with ", IdentifierKindName(kind), " ", value));
  }
  if (found.size() > 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("several customers share ", IdentifierKindName(kind), " ", value,
                     "; look the customer up by another identifier"));
  }
  return found[0];
}

absl::StatusOr<Customer> PgRepository::FindById(const std::string& org_id,
                                                const std::string& customer_id) {
  std::optional<Customer> found;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    const pqxx::result r = tx.exec_prepared("customer_by_id", org_id, customer_id);
    if (!r.empty()) found = CustomerFromRow(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!found) {
    return absl::NotFoundError(absl::StrCat("no customer with id ", customer_id));
  }
  return *found;
}

absl::StatusOr<CustomerProfile> PgRepository::GetProfile(const std::string& org_id,
                                                         const std::string& customer_id,
                                                         int last_bills,
                                                         absl::CivilDay today) {
  std::optional<CustomerProfile> profile;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    auto customer = ReadCustomer(tx, org_id, customer_id);
    if (!customer) return absl::OkStatus();
    profile.emplace();
    profile->customer = *std::move(customer);
    profile->points = pg::ReadBalance(tx, org_id, customer_id);
    for (const auto& row : tx.exec_params(
             absl::StrCat("SELECT bill_id::text, bill_number, store_id, till_id, ",
                          Micros("billing_time"),
                          ", currency, total_minor, line_count, status FROM bills"
                          " WHERE org_id = $1 AND customer_id = $2::uuid"
                          " ORDER BY billing_time DESC, bill_id DESC LIMIT $3"),
             org_id, customer_id, last_bills)) {
      profile->last_bills.push_back(BillSummary{
          row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
          row[3].as<std::string>(), absl::FromUnixMicros(row[4].as<int64_t>()),
          row[5].as<std::string>(), row[6].as<int64_t>(), row[7].as<int32_t>(),
          static_cast<BillStatus>(row[8].as<int>())});
    }
    profile->coupons = pg::ReadUsableCoupons(tx, org_id, customer_id, today);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!profile) {
    return absl::NotFoundError(
        absl::StrCat("customer ", customer_id, " not found in org ", org_id));
  }
  return *std::move(profile);
}

void PgRepository::PrepareCustomerStatements(pqxx::connection& c) {
  for (IdentifierKind k : kAllIdentifierKinds) {
    c.prepare(absl::StrCat("customer_by_", pg::IdentifierColumn(k)),
              absl::StrCat("SELECT ", kCustomerColumns,
                           " FROM customers WHERE org_id = $1"
                           " AND ",
                           pg::IdentifierColumn(k), " = $2 LIMIT 2"));
  }
  c.prepare("customer_by_id", absl::StrCat("SELECT ", kCustomerColumns,
                                           " FROM customers WHERE org_id = $1"
                                           " AND customer_id = $2::uuid"));
}

}  // namespace tillstream
