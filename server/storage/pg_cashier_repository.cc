#include "server/storage/pg_cashier_repository.h"

#include "absl/strings/str_cat.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Transact;

const std::string& CashierColumns() {
  static const auto& columns = *new std::string(
      absl::StrCat("org_id, cashier_id, name, role, pin_hash, failed_pins, ",
                   pg::Micros("locked_until"), " AS locked_until_us"));
  return columns;
}

StoredCashier CashierFromRow(const pqxx::row& r) {
  StoredCashier s;
  s.cashier.org_id = r["org_id"].as<std::string>();
  s.cashier.cashier_id = r["cashier_id"].as<std::string>();
  s.cashier.name = r["name"].as<std::string>();
  s.cashier.role = pg::EnumOf<CashierRole>(r["role"]);
  s.cashier.failed_pins = r["failed_pins"].as<int>();
  s.cashier.locked_until = pg::OptTime(r["locked_until_us"]);
  s.pin_hash = r["pin_hash"].as<std::string>();
  return s;
}

absl::Status CashierNotFound(const std::string& org_id, const std::string& cashier_id) {
  return absl::NotFoundError(absl::StrCat("org ", org_id, " has no cashier ", cashier_id,
                                          " (posctl set-cashier makes one)"));
}

absl::StatusOr<StoredCashier> ReadCashier(pqxx::transaction_base& tx,
                                          const std::string& org_id,
                                          const std::string& cashier_id,
                                          const char* lock = "") {
  const pqxx::result r = tx.exec_params(
      absl::StrCat("SELECT ", CashierColumns(),
                   " FROM cashiers WHERE org_id = $1 AND cashier_id = $2", lock),
      org_id, cashier_id);
  if (r.empty()) return CashierNotFound(org_id, cashier_id);
  return CashierFromRow(r[0]);
}

const std::string& SessionColumns() {
  static const auto& columns = *new std::string(absl::StrCat(
      "session_id, org_id, store_id, till_id, cashier_id, ",
      pg::MicrosColumn("started_at"), ", ", pg::Micros("ended_at"), " AS ended_at_us"));
  return columns;
}

const std::string& ApprovalColumns() {
  static const auto& columns = *new std::string(absl::StrCat(
      "approval_id, org_id, store_id, till_id, bill_id, supervisor_id, reason, ",
      pg::MicrosColumn("approved_at")));
  return columns;
}

TillIdentity TillOf(const pqxx::row& r) {
  return TillIdentity{r["org_id"].as<std::string>(), r["store_id"].as<std::string>(),
                      r["till_id"].as<std::string>()};
}

CashierSession SessionFromRow(const pqxx::row& r) {
  CashierSession s;
  s.session_id = r["session_id"].as<std::string>();
  s.till = TillOf(r);
  s.cashier_id = r["cashier_id"].as<std::string>();
  s.started_at = pg::TimeOf(r, "started_at_us");
  s.ended_at = pg::OptTime(r["ended_at_us"]);
  return s;
}

SupervisorApproval ApprovalFromRow(const pqxx::row& r) {
  SupervisorApproval a;
  a.approval_id = r["approval_id"].as<std::string>();
  a.till = TillOf(r);
  a.bill_id = r["bill_id"].as<std::string>();
  a.supervisor_id = r["supervisor_id"].as<std::string>();
  a.reason = r["reason"].as<std::string>();
  a.approved_at = pg::TimeOf(r, "approved_at_us");
  return a;
}

}  // namespace

absl::StatusOr<Cashier> PgCashierRepository::SetCashier(const StoredCashier& s,
                                                        const std::string& by) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Cashier> {
    pqxx::work tx(c);
    const Cashier& k = s.cashier;
    if (!pg::OrgExists(tx, k.org_id)) return pg::OrgNotFound(k.org_id);
    tx.exec_params(
        "INSERT INTO cashiers (org_id, cashier_id, name, role, pin_hash, updated_by)"
        " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, cashier_id) DO UPDATE"
        " SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash,"
        " failed_pins = 0, locked_until = NULL, updated_at = now(),"
        " updated_by = excluded.updated_by",
        k.org_id, k.cashier_id, k.name, pg::Enum(k.role), s.pin_hash, by);
    auto stored = ReadCashier(tx, k.org_id, k.cashier_id);
    tx.commit();
    if (!stored.ok()) return stored.status();
    return stored->cashier;
  });
}

absl::StatusOr<StoredCashier> PgCashierRepository::FindCashier(
    const std::string& org_id, const std::string& cashier_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoredCashier> {
    pqxx::read_transaction tx(c);
    return ReadCashier(tx, org_id, cashier_id);
  });
}

absl::StatusOr<std::vector<Cashier>> PgCashierRepository::ListCashiers(
    const std::string& org_id) {
  return Transact(
      *pool_, [&](pqxx::connection& c) -> absl::StatusOr<std::vector<Cashier>> {
        pqxx::read_transaction tx(c);
        if (!pg::OrgExists(tx, org_id)) return pg::OrgNotFound(org_id);
        const pqxx::result r = tx.exec_params(
            absl::StrCat("SELECT ", CashierColumns(),
                         " FROM cashiers WHERE org_id = $1 ORDER BY cashier_id"),
            org_id);
        std::vector<Cashier> out;
        for (const auto& row : r) out.push_back(CashierFromRow(row).cashier);
        return out;
      });
}

absl::StatusOr<Cashier> PgCashierRepository::RecordWrongPin(const std::string& org_id,
                                                            const std::string& cashier_id,
                                                            const PinPolicy& policy,
                                                            absl::Time now) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Cashier> {
    pqxx::work tx(c);
    // One statement: two tills guessing at once both count.
    const pqxx::result r = tx.exec_params(
        absl::StrCat(
            "UPDATE cashiers SET failed_pins = failed_pins + 1, locked_until = CASE WHEN"
            " failed_pins + 1 >= $3 THEN ",
            pg::FromMicros(4),
            " ELSE locked_until END WHERE org_id = $1 AND cashier_id = $2 RETURNING ",
            CashierColumns()),
        org_id, cashier_id, policy.max_failures, absl::ToUnixMicros(now + policy.lock));
    if (r.empty()) return CashierNotFound(org_id, cashier_id);
    tx.commit();
    return CashierFromRow(r[0]).cashier;
  });
}

absl::Status PgCashierRepository::RecordRightPin(const std::string& org_id,
                                                 const std::string& cashier_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::Status {
    pqxx::work tx(c);
    tx.exec_params(
        "UPDATE cashiers SET failed_pins = 0, locked_until = NULL WHERE org_id = $1"
        " AND cashier_id = $2 AND (failed_pins > 0 OR locked_until IS NOT NULL)",
        org_id, cashier_id);
    tx.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<Cashier> PgCashierRepository::Unlock(const std::string& org_id,
                                                    const std::string& cashier_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Cashier> {
    pqxx::work tx(c);
    const pqxx::result r = tx.exec_params(
        absl::StrCat("UPDATE cashiers SET failed_pins = 0, locked_until = NULL"
                     " WHERE org_id = $1 AND cashier_id = $2 RETURNING ",
                     CashierColumns()),
        org_id, cashier_id);
    if (r.empty()) return CashierNotFound(org_id, cashier_id);
    tx.commit();
    return CashierFromRow(r[0]).cashier;
  });
}

absl::StatusOr<CashierSession> PgCashierRepository::StartSession(
    const CashierSession& s) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<CashierSession> {
    pqxx::work tx(c);
    const pqxx::result r = tx.exec_params(
        absl::StrCat(
            "INSERT INTO cashier_sessions (session_id, org_id, store_id, till_id,"
            " cashier_id, started_at) VALUES ($1, $2, $3, $4, $5, ",
            pg::FromMicros(6), ") RETURNING ", SessionColumns()),
        s.session_id, s.till.org_id, s.till.store_id, s.till.till_id, s.cashier_id,
        absl::ToUnixMicros(s.started_at));
    tx.commit();
    return SessionFromRow(r[0]);
  });
}

absl::Status PgCashierRepository::EndSession(const std::string& session_id,
                                             absl::Time at) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::Status {
    pqxx::work tx(c);
    const pqxx::result r = tx.exec_params(
        absl::StrCat("UPDATE cashier_sessions SET ended_at = coalesce(ended_at, ",
                     pg::FromMicros(2), ") WHERE session_id = $1 RETURNING session_id"),
        session_id, absl::ToUnixMicros(at));
    if (r.empty()) return absl::NotFoundError("no such cashier session " + session_id);
    tx.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<CashierSession> PgCashierRepository::FindSession(
    const std::string& session_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<CashierSession> {
    pqxx::read_transaction tx(c);
    const pqxx::result r =
        tx.exec_params(absl::StrCat("SELECT ", SessionColumns(),
                                    " FROM cashier_sessions WHERE session_id = $1"),
                       session_id);
    if (r.empty()) return absl::NotFoundError("no such cashier session " + session_id);
    return SessionFromRow(r[0]);
  });
}

absl::StatusOr<SupervisorApproval> PgCashierRepository::RecordApproval(
    const SupervisorApproval& a) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<SupervisorApproval> {
    pqxx::work tx(c);
    const pqxx::result r = tx.exec_params(
        absl::StrCat(
            "INSERT INTO supervisor_approvals (approval_id, org_id, store_id,"
            " till_id, bill_id, supervisor_id, reason, approved_at) VALUES ($1, $2,"
            " $3, $4, $5, $6, $7, ",
            pg::FromMicros(8), ") RETURNING ", ApprovalColumns()),
        a.approval_id, a.till.org_id, a.till.store_id, a.till.till_id, a.bill_id,
        a.supervisor_id, a.reason, absl::ToUnixMicros(a.approved_at));
    tx.commit();
    return ApprovalFromRow(r[0]);
  });
}

absl::StatusOr<SupervisorApproval> PgCashierRepository::FindApproval(
    const std::string& approval_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<SupervisorApproval> {
    pqxx::read_transaction tx(c);
    const pqxx::result r =
        tx.exec_params(absl::StrCat("SELECT ", ApprovalColumns(),
                                    " FROM supervisor_approvals WHERE approval_id = $1"),
                       approval_id);
    if (r.empty())
      return absl::NotFoundError("no such supervisor approval " + approval_id);
    SupervisorApproval a;
    a.approval_id = r[0]["approval_id"].as<std::string>();
    a.till = TillOf(r[0]);
    a.bill_id = r[0]["bill_id"].as<std::string>();
    a.supervisor_id = r[0]["supervisor_id"].as<std::string>();
    a.reason = r[0]["reason"].as<std::string>();
    a.approved_at = pg::TimeOf(r[0], "approved_at_us");
    return a;
  });
}

}  // namespace tillstream
