#include "server/storage/pg_customer_repository.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "server/storage/pg_loyalty_bookings.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::NullIfEmpty;
using pg::OptString;
using pg::Transact;

constexpr char kCustomerColumns[] =
    "customer_id::text AS customer_id, name, mobile, email, external_id, card_number";

Customer CustomerFromRow(const pqxx::row& r) {
  Customer c;
  c.customer_id = r["customer_id"].as<std::string>();
  c.name = r["name"].as<std::string>();
  c.mobile = OptString(r["mobile"]);
  c.email = OptString(r["email"]);
  c.external_id = OptString(r["external_id"]);
  c.card_number = OptString(r["card_number"]);
  return c;
}

// The customer holding `value` as a unique identifier of `kind`, if any.
std::optional<std::string> ClaimHolder(pqxx::transaction_base& tx,
                                       const std::string& org_id, IdentifierKind kind,
                                       const std::string& value) {
  const pqxx::result r = tx.exec_params(
      "SELECT customer_id::text AS customer_id FROM customer_identifier_claims"
      " WHERE org_id = $1 AND kind = $2 AND value = $3",
      org_id, pg::Enum(kind), value);
  if (r.empty()) return std::nullopt;
  return r[0]["customer_id"].as<std::string>();
}

// Re-writes the claims of one customer from its row, for the kinds the org
// keeps unique. Throws unique_violation (23505) when another customer holds
// one of them.
void SyncClaims(pqxx::transaction_base& tx, const std::string& org_id,
                const std::string& customer_id, const LoyaltyConfig& config) {
  std::vector<int> kinds;
  for (IdentifierKind k : kAllIdentifierKinds) {
    if (config.IsUnique(k)) kinds.push_back(pg::Enum(k));
  }
  tx.exec_params(
      "DELETE FROM customer_identifier_claims WHERE org_id = $1 AND customer_id = "
      "$2::uuid",
      org_id, customer_id);
  tx.exec_params(
      "INSERT INTO customer_identifier_claims (org_id, kind, value, customer_id)"
      " SELECT c.org_id, k.kind, k.value, c.customer_id FROM customers c,"
      " LATERAL (VALUES ($4::int, c.mobile), ($5::int, c.email),"
      " ($6::int, c.external_id), ($7::int, c.card_number)) AS k(kind, value)"
      " WHERE c.org_id = $1 AND c.customer_id = $2::uuid AND k.value IS NOT NULL"
      " AND k.kind = ANY ($3::int[])",
      org_id, customer_id, pg::PgArray(kinds), pg::Enum(IdentifierKind::kMobile),
      pg::Enum(IdentifierKind::kEmail), pg::Enum(IdentifierKind::kExternalId),
      pg::Enum(IdentifierKind::kCardNumber));
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

// Another enrolment took one of these identifiers meanwhile: run again,
// and find that customer.
[[noreturn]] void IdentifierTakenMeanwhile() {
  pg::RetryTransaction("identifier taken meanwhile");
}

}  // namespace

namespace pg {
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
}  // namespace pg

using pg::ReadCustomer;

absl::StatusOr<EnrolResult> PgCustomerRepository::EnrolCustomer(
    const std::string& org_id, const Customer& customer) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<EnrolResult> {
    EnrolResult result;
    try {
      pqxx::work tx(c);
      if (!pg::OrgExists(tx, org_id)) {
        return pg::OrgNotFound(org_id);
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
          return absl::AlreadyExistsError(
              absl::StrCat(IdentifierKindName(k), " ", value, " belongs to customer ",
                           *holder, ", but the ", matched_by, " to customer ", *match,
                           ": these identifiers cannot enrol one customer"));
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
    } catch (const pqxx::unique_violation&) {
      IdentifierTakenMeanwhile();
    }
    return result;
  });
}

absl::StatusOr<Customer> PgCustomerRepository::UpdateCustomer(const std::string& org_id,
                                                              const Customer& customer) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Customer> {
    Customer result;
    try {
      pqxx::work tx(c);
      pg::LockIdentifierRules(tx, org_id, /*exclusive=*/false);
      if (!ReadCustomer(tx, org_id, customer.customer_id)) {
        return absl::NotFoundError(absl::StrCat("customer ", customer.customer_id,
                                                " not found in org ", org_id));
      }
      const LoyaltyConfig config = pg::ReadLoyaltyConfig(tx, org_id).config;
      for (IdentifierKind k : kAllIdentifierKinds) {
        const std::string& value = customer.identifier(k);
        if (value.empty() || !config.IsUnique(k)) continue;
        auto holder = ClaimHolder(tx, org_id, k, value);
        if (holder && *holder != customer.customer_id) {
          return IdentifierTaken(k, value, *holder);
        }
      }
      WriteCustomer(tx, org_id, customer.customer_id, customer);
      SyncClaims(tx, org_id, customer.customer_id, config);
      result = *ReadCustomer(tx, org_id, customer.customer_id);
      tx.commit();
    } catch (const pqxx::unique_violation&) {
      IdentifierTakenMeanwhile();
    }
    return result;
  });
}

absl::StatusOr<Customer> PgCustomerRepository::FindCustomer(const std::string& org_id,
                                                            IdentifierKind kind,
                                                            const std::string& value) {
  auto found =
      Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<std::vector<Customer>> {
        pqxx::nontransaction tx(c);
        std::vector<Customer> customers;
        for (const auto& r :
             tx.exec_prepared(absl::StrCat("customer_by_", pg::IdentifierColumn(kind)),
                              org_id, value)) {
          customers.push_back(CustomerFromRow(r));
        }
        return customers;
      });
  if (!found.ok()) return found.status();
  if (found->empty()) {
    return absl::NotFoundError(
        absl::StrCat("no customer with ", IdentifierKindName(kind), " ", value));
  }
  if (found->size() > 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("several customers share ", IdentifierKindName(kind), " ", value,
                     "; look the customer up by another identifier"));
  }
  return found->front();
}

absl::StatusOr<Customer> PgCustomerRepository::FindById(const std::string& org_id,
                                                        const std::string& customer_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Customer> {
    pqxx::nontransaction tx(c);
    const pqxx::result r = tx.exec_prepared("customer_by_id", org_id, customer_id);
    if (r.empty()) {
      return absl::NotFoundError(absl::StrCat("no customer with id ", customer_id));
    }
    return CustomerFromRow(r[0]);
  });
}

void PgCustomerRepository::PrepareStatements(pqxx::connection& c) {
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
