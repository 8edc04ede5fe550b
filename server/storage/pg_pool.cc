#include "server/storage/pg_pool.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/domain/identity/audit.h"
#include "server/storage/pg_audit_context.h"

namespace tillstream {

PgPool::PgPool(std::string url, int size, ConnectHook on_connect)
    : url_(std::move(url)), on_connect_(std::move(on_connect)), unopened_(size) {}

PgPool::~PgPool() = default;

absl::StatusOr<std::unique_ptr<PgPool>> PgPool::Open(const std::string& url, int size,
                                                     ConnectHook on_connect) {
  if (size < 1) return absl::InvalidArgumentError("pool size must be >= 1");
  std::unique_ptr<PgPool> pool(new PgPool(url, size, std::move(on_connect)));
  absl::Status probe = pool->Run([](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    tx.exec("SELECT 1");
    return absl::OkStatus();
  });
  if (!probe.ok()) return probe;
  return pool;
}

std::unique_ptr<pqxx::connection> PgPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  available_.wait(lock, [&] { return !idle_.empty() || unopened_ > 0; });
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
  }
  --unopened_;
  return nullptr;  // caller opens a new one outside the lock
}

void PgPool::Release(std::unique_ptr<pqxx::connection> conn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (conn && conn->is_open()) {
      idle_.push_back(std::move(conn));
    } else {
      ++unopened_;  // a broken connection is replaced on next use
    }
  }
  available_.notify_one();
}

void PgPool::SetAuditContext(pqxx::connection& c, const std::string& value) {
  pqxx::nontransaction tx(c);
  tx.exec_params("SELECT set_config('tillstream.audit', $1, false)", value);
}

void PgPool::CancelAll() {
  std::lock_guard<std::mutex> lock(mu_);
  cancelled_ = true;
  for (pqxx::connection* c : leased_) {
    try {
      c->cancel_query();  // PQcancel: safe while the owner waits on the query
    } catch (const std::exception&) {
      // Its work ends with the connection's own error.
    }
  }
}

absl::Status PgPool::Run(const std::function<absl::Status(pqxx::connection&)>& work) {
  std::unique_ptr<pqxx::connection> conn = Acquire();
  absl::Status status;
  bool leased = false;
  bool drop = false;
  try {
    if (!conn) {
      auto fresh = std::make_unique<pqxx::connection>(url_);
      if (on_connect_) on_connect_(*fresh);  // a connection failing this is dropped
      conn = std::move(fresh);
    }
    leased = Lease(conn.get());
    if (!leased) {
      status = Stopping();
    } else {
      // A write made for a caller: its audit row is written by a trigger in
      // the same transaction, from this setting (0011_audit.sql).
      const AuditRecord* audit = CurrentAudit();
      if (audit != nullptr) SetAuditContext(*conn, pg::AuditContextJson(*audit));
      status = work(*conn);
      if (audit != nullptr) SetAuditContext(*conn, "");
    }
  } catch (const std::exception& e) {
    status = StatusFromPqxx(e);
    // The connection may still carry the context: never reuse it.
    drop = CurrentAudit() != nullptr;
  }
  // A statement CancelAll cancelled says why in the words of the stop.
  if (leased && Unlease(conn.get()) && status.code() == absl::StatusCode::kUnavailable) {
    status = Stopping();
  }
  if (drop) conn.reset();
  Release(std::move(conn));
  return status;
}

absl::Status PgPool::Stopping() {
  return absl::UnavailableError(
      "posd is stopping: the database work was not done; retry on another server");
}

bool PgPool::Lease(pqxx::connection* c) {
  std::lock_guard<std::mutex> lock(mu_);
  if (cancelled_) return false;
  leased_.insert(c);
  return true;
}

bool PgPool::Unlease(pqxx::connection* c) {
  std::lock_guard<std::mutex> lock(mu_);
  leased_.erase(c);
  return cancelled_;
}

absl::Status StatusFromPqxx(const std::exception& e) {
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return absl::UnavailableError(absl::StrCat(
        "the database connection broke during commit; the outcome is unknown, "
        "retry with the same ids: ",
        e.what()));
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return absl::UnavailableError(
        absl::StrCat("the database is unreachable: ", e.what()));
  }
  // In libpqxx 6.4 these derive from pqxx::failure, not sql_error.
  if (dynamic_cast<const pqxx::transaction_rollback*>(&e) != nullptr) {
    return absl::AbortedError(absl::StrCat("transaction conflict, retry: ", e.what()));
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string state = sql->sqlstate();
    if (state == "40001" || state == "40P01" || state == "55P03") {
      return absl::AbortedError(absl::StrCat("transaction conflict, retry: ", e.what()));
    }
    if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P03" ||
        state == "57014") {  // 57014: cancelled, e.g. by a stop past its drain limit
      return absl::UnavailableError(
          absl::StrCat("the database is unavailable: ", e.what()));
    }
    if (state == "23505" || state == "23P01") {
      return absl::AlreadyExistsError(e.what());
    }
    if (state == "23503") return absl::FailedPreconditionError(e.what());
    if (state.rfind("22", 0) == 0 || state.rfind("23", 0) == 0) {
      return absl::InvalidArgumentError(e.what());
    }
    return absl::InternalError(absl::StrCat("database error ", state, ": ", e.what()));
  }
  return absl::InternalError(absl::StrCat("database error: ", e.what()));
}

}  // namespace tillstream
