#include "server/storage/pg_bill_repository.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/business_date.h"
#include "server/domain/journal/journal_payloads.h"
#include "server/storage/pg_bill_insert.h"
#include "server/storage/pg_bill_rows.h"
#include "server/storage/pg_journal.h"
#include "server/storage/pg_loyalty_bookings.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Enum;
using pg::FromMicros;
using pg::NullIfEmpty;
using pg::ReadBill;
using pg::Transact;

constexpr char kExclusionViolation[] = "23P01";

bool IsNumberTaken(const pqxx::sql_error& e) {
  return e.sqlstate() == kExclusionViolation;
}

std::string ScopePhrase(UniquenessScope scope, const std::string& key) {
  switch (scope) {
    case UniquenessScope::kOrg:
      return "in the org";
    case UniquenessScope::kStore:
      return absl::StrCat("per store (store ", key, ")");
    case UniquenessScope::kTill:
      return absl::StrCat("per till (till ", key, ")");
  }
  return "";
}

// Bills claiming the same number are serialised by an advisory lock on the
// number, taken in the bill's own transaction: without it, several inserts
// waiting on each other's claims in the exclusion constraint can form wait
// cycles that PostgreSQL 15 does not always resolve. The constraint stays
// the guarantee; the lock only orders the claimants.
void LockClaim(pqxx::transaction_base& tx, const Bill& bill) {
  if (!bill.claim) return;
  tx.exec_params(
      "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
      absl::StrCat(bill.org_id, "\x1f", bill.claim->scope_key, "\x1f", bill.bill_number));
}

// The bill whose claim the given bill's number ran into.
std::optional<BillSummary> FindClash(pqxx::transaction_base& tx, const Bill& bill) {
  const pqxx::result r = tx.exec_params(
      absl::StrCat("SELECT b.bill_id::text AS bill_id, b.bill_number, b.store_id,"
                   " b.till_id, ",
                   pg::MicrosColumn("b.billing_time"),
                   " FROM bill_number_claims c JOIN bills b USING (org_id, bill_id)"
                   " WHERE c.org_id = $1 AND c.scope_key = $2 AND c.bill_number = $3"
                   " AND c.validity && ",
                   pg::ClaimRange(4, 5), " LIMIT 1"),
      bill.org_id, bill.claim->scope_key, bill.bill_number,
      absl::ToUnixMicros(bill.billing_time), bill.claim->window_days);
  if (r.empty()) return std::nullopt;
  BillSummary clash;
  clash.bill_id = r[0]["bill_id"].as<std::string>();
  clash.bill_number = r[0]["bill_number"].as<std::string>();
  clash.store_id = r[0]["store_id"].as<std::string>();
  clash.till_id = r[0]["till_id"].as<std::string>();
  clash.billing_time = pg::TimeOf(r[0], "billing_time_us");
  return clash;
}

absl::Status NumberTaken(pqxx::connection& c, const Bill& bill) {
  pqxx::nontransaction tx(c);
  const std::optional<BillSummary> clash = FindClash(tx, bill);
  if (!clash) {
    return absl::AbortedError(
        absl::StrCat("bill number ", bill.bill_number,
                     " clashed with a bill that is gone now; retry"));
  }
  const std::string& key = bill.claim->scope_key;
  return absl::AlreadyExistsError(absl::StrCat(
      "bill number ", bill.bill_number, " is already used by bill ", clash->bill_id,
      " of till ", clash->store_id, "/", clash->till_id, " billed ",
      FormatUtc(clash->billing_time), "; numbers must be unique ",
      ScopePhrase(bill.claim->scope, key.rfind("R|", 0) == 0 ? key.substr(2) : key),
      " within ", bill.claim->window_days, " days"));
}

// A stored bill answering a resend: the same request replays it; another
// request under the same id is refused.
absl::StatusOr<StoredBill> Replay(StoredBill stored,
                                  const std::string& stored_fingerprint,
                                  const std::string& fingerprint) {
  if (stored_fingerprint != fingerprint) {
    return absl::AlreadyExistsError(absl::StrCat(
        "bill_id ", stored.bill.bill_id, " was already used for bill ",
        stored.bill.bill_number, " of till ", stored.bill.store_id, "/",
        stored.bill.till_id, " with different content; a new bill needs a new bill_id"));
  }
  stored.replayed = true;
  return stored;
}

// The original of a return, by id or by store + number + business date.
absl::StatusOr<std::string> FindOriginal(pqxx::transaction_base& tx,
                                         const std::string& org_id,
                                         const OriginalRef& ref) {
  if (!ref.bill_id.empty()) {
    const pqxx::result r = tx.exec_params(
        "SELECT bill_id::text AS bill_id FROM bills WHERE org_id = $1"
        " AND bill_id = $2::uuid",
        org_id, ref.bill_id);
    if (r.empty()) {
      return absl::NotFoundError(
          absl::StrCat("original bill ", ref.bill_id, " not found"));
    }
    return r[0]["bill_id"].as<std::string>();
  }
  const pqxx::result r = tx.exec_params(
      "SELECT bill_id::text AS bill_id FROM bills WHERE org_id = $1 AND store_id = $2"
      " AND bill_number = $3 AND business_date = $4::date AND bill_type = $5 LIMIT 2",
      org_id, ref.store_id, ref.bill_number, ref.business_date, Enum(BillType::kSale));
  if (r.empty()) {
    return absl::NotFoundError(absl::StrCat("no sale numbered ", ref.bill_number,
                                            " in store ", ref.store_id, " on ",
                                            ref.business_date));
  }
  if (r.size() > 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "several sales are numbered ", ref.bill_number, " in store ", ref.store_id,
        " on ", ref.business_date, "; name the original by its bill id"));
  }
  return r[0]["bill_id"].as<std::string>();
}

// What earlier returns (not deleted) took from the original.
ReturnHistory ReadHistory(pqxx::transaction_base& tx, const std::string& org_id,
                          const std::string& original_id) {
  ReturnHistory history;
  for (const auto& r : tx.exec_params(
           "SELECT l.original_line_no, -sum(l.quantity_milli) AS quantity_milli,"
           " -sum(l.amount_minor) AS amount_minor, -sum(l.tax_minor) AS tax_minor"
           " FROM bills b JOIN bill_lines l USING (org_id, bill_id)"
           " WHERE b.org_id = $1 AND b.original_bill_id = $2::uuid AND b.status <> $3"
           " GROUP BY l.original_line_no",
           org_id, original_id, Enum(BillStatus::kDeleted))) {
    history.by_line[r["original_line_no"].as<int32_t>()] =
        LineReturned{r["quantity_milli"].as<int64_t>(), r["amount_minor"].as<int64_t>(),
                     r["tax_minor"].as<int64_t>()};
  }
  for (const auto& r :
       tx.exec_params("SELECT DISTINCT return_type FROM bills WHERE org_id = $1"
                      " AND original_bill_id = $2::uuid AND status <> $3",
                      org_id, original_id, Enum(BillStatus::kDeleted))) {
    switch (pg::EnumOf<ReturnType>(r["return_type"])) {
      case ReturnType::kFull:
        history.any_full = true;
        break;
      case ReturnType::kLineItem:
        history.any_line_item = true;
        break;
      case ReturnType::kAmount:
        history.any_amount = true;
        break;
    }
  }
  return history;
}

// Locks the bill (and answers whether returns that are not deleted point at
// it); nullopt when there is no such bill.
std::optional<bool> LockBill(pqxx::transaction_base& tx, const std::string& org_id,
                             const std::string& bill_id) {
  const pqxx::result r = tx.exec_params(
      "SELECT EXISTS (SELECT 1 FROM bills r WHERE r.org_id = b.org_id"
      " AND r.original_bill_id = b.bill_id AND r.status <> $3) AS has_returns"
      " FROM bills b WHERE org_id = $1 AND bill_id = $2::uuid FOR UPDATE",
      org_id, bill_id, Enum(BillStatus::kDeleted));
  if (r.empty()) return std::nullopt;
  return r[0]["has_returns"].as<bool>();
}

void LockOriginal(pqxx::transaction_base& tx, const std::string& org_id,
                  const std::string& original_id) {
  tx.exec_params(
      "SELECT 1 FROM bills WHERE org_id = $1 AND bill_id = $2::uuid FOR UPDATE", org_id,
      original_id);
}

std::string TillName(const Bill& bill) {
  return absl::StrCat("till ", bill.store_id, "/", bill.till_id);
}

absl::Status BillNotFound(const std::string& org_id, const std::string& bill_id) {
  return absl::NotFoundError(
      absl::StrCat("bill ", bill_id, " not found in org ", org_id));
}

}  // namespace

absl::StatusOr<StoredBill> PgBillRepository::SaveBill(const Bill& bill,
                                                      const std::string& fingerprint) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoredBill> {
    pqxx::result inserted;
    Bill booked = bill;
    try {
      // ON CONFLICT waits for a concurrent insert of the same bill to finish,
      // so a racing retry sees the winner's row below. Without a claim or
      // loyalty the statement is its own transaction.
      std::unique_ptr<pqxx::transaction_base> tx;
      if (bill.claim || !bill.loyalty.empty()) {
        tx = std::make_unique<pqxx::work>(c);
      } else {
        tx = std::make_unique<pqxx::nontransaction>(c);
      }
      LockClaim(*tx, bill);
      inserted = pg::ExecSaveBill(*tx, bill, fingerprint);
      // Loyalty is booked only with a new bill: a replay redeems nothing.
      if (!inserted.empty() && !bill.loyalty.empty()) {
        if (auto refused = pg::ApplyBillLoyalty(*tx, TillName(bill), &booked);
            !refused.ok()) {
          return refused;  // rolls back
        }
      }
      tx->commit();
    } catch (const pqxx::sql_error& e) {
      if (!IsNumberTaken(e)) throw;
      return NumberTaken(c, bill);  // nothing was stored
    }
    if (!inserted.empty()) {
      return StoredBill{booked, pg::TimeOf(inserted[0], "received_at_us"), false};
    }
    pqxx::read_transaction read(c);
    std::string stored_fingerprint;
    auto stored = ReadBill(read, bill.org_id, bill.bill_id, &stored_fingerprint);
    if (!stored) return absl::InternalError("bill vanished after a conflicting insert");
    return Replay(*std::move(stored), stored_fingerprint, fingerprint);
  });
}

absl::StatusOr<std::pair<StoredBill, ReturnHistory>> PgBillRepository::LoadReturnBasis(
    const std::string& org_id, const OriginalRef& ref) {
  using Basis = std::pair<StoredBill, ReturnHistory>;
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Basis> {
    pqxx::read_transaction tx(c);
    auto original_id = FindOriginal(tx, org_id, ref);
    if (!original_id.ok()) return original_id.status();
    auto original = ReadBill(tx, org_id, *original_id, nullptr);
    if (!original) return absl::InternalError("original bill vanished");
    return Basis(*std::move(original), ReadHistory(tx, org_id, *original_id));
  });
}

absl::StatusOr<StoredBill> PgBillRepository::SaveReturn(const std::string& org_id,
                                                        const std::string& bill_id,
                                                        const OriginalRef& ref,
                                                        const std::string& fingerprint,
                                                        const ReturnComputer& compute) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoredBill> {
    std::optional<Bill> computed;
    try {
      pqxx::work tx(c);
      auto original_id = FindOriginal(tx, org_id, ref);
      if (!original_id.ok()) return original_id.status();
      // Returns of one original queue here, so each sees what the previous
      // one took. A replay of this very return is recognised only after the
      // lock, when the earlier attempt has committed.
      LockOriginal(tx, org_id, *original_id);
      std::string stored_fingerprint;
      if (auto existing = ReadBill(tx, org_id, bill_id, &stored_fingerprint)) {
        return Replay(*std::move(existing), stored_fingerprint, fingerprint);
      }
      auto original = ReadBill(tx, org_id, *original_id, nullptr);
      if (!original) return absl::InternalError("original bill vanished");
      auto bill = compute(*original, ReadHistory(tx, org_id, *original_id));
      if (!bill.ok()) return bill.status();
      computed = *std::move(bill);
      LockClaim(tx, *computed);
      const pqxx::result inserted = pg::ExecSaveBill(tx, *computed, fingerprint);
      if (inserted.empty()) pg::RetryTransaction("return stored concurrently");
      if (!computed->loyalty.empty()) {
        if (auto refused = pg::ApplyBillLoyalty(tx, TillName(*computed), &*computed);
            !refused.ok()) {
          return refused;  // rolls back
        }
      }
      tx.commit();
      return StoredBill{*computed, pg::TimeOf(inserted[0], "received_at_us"), false};
    } catch (const pqxx::sql_error& e) {
      if (!IsNumberTaken(e) || !computed) throw;
      return NumberTaken(c, *computed);
    }
  });
}

absl::StatusOr<StoredBill> PgBillRepository::GetBill(const std::string& org_id,
                                                     const std::string& bill_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoredBill> {
    pqxx::read_transaction tx(c);
    auto found = ReadBill(tx, org_id, bill_id, nullptr);
    if (!found) return BillNotFound(org_id, bill_id);
    return *std::move(found);
  });
}

absl::StatusOr<std::vector<BillSummary>> PgBillRepository::ListBills(
    const std::string& org_id, const std::string& business_date,
    const std::string& store_id, int limit, const std::optional<BillCursor>& after) {
  using Page = std::vector<BillSummary>;
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Page> {
    pqxx::read_transaction tx(c);
    const int64_t after_micros = after ? absl::ToUnixMicros(after->billing_time) : 0;
    const std::string after_id =
        after ? after->bill_id : "00000000-0000-0000-0000-000000000000";
    Page bills;
    for (const auto& row : tx.exec_params(
             absl::StrCat("SELECT ", pg::kSummaryColumns,
                          " FROM bills WHERE org_id = $1 AND business_date = $2::date"
                          " AND ($3::text IS NULL OR store_id = $3)"
                          " AND ($4 = false OR (billing_time, bill_id) > (",
                          FromMicros(5),
                          ", $6::uuid)) ORDER BY billing_time, bill_id LIMIT $7"),
             org_id, business_date, NullIfEmpty(store_id), after.has_value(),
             after_micros, after_id, limit)) {
      bills.push_back(pg::SummaryFromRow(row));
    }
    return bills;
  });
}

absl::StatusOr<StoredBill> PgBillRepository::DeleteBill(const std::string& org_id,
                                                        const std::string& bill_id,
                                                        const std::string& deleted_by,
                                                        const std::string& reason) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoredBill> {
    pqxx::work tx(c);
    const pqxx::result found = tx.exec_params(
        "SELECT coalesce(original_bill_id::text, '') AS original_bill_id FROM bills"
        " WHERE org_id = $1 AND bill_id = $2::uuid",
        org_id, bill_id);
    if (found.empty()) {
      return absl::NotFoundError(absl::StrCat("bill ", bill_id, " not found"));
    }
    // Same lock order as a return: the original first, then the bill.
    const std::string original = found[0]["original_bill_id"].as<std::string>();
    if (!original.empty()) LockOriginal(tx, org_id, original);
    const bool has_returns = LockBill(tx, org_id, bill_id).value_or(false);
    auto before = ReadBill(tx, org_id, bill_id, nullptr);
    if (!before) return absl::InternalError("deleted bill vanished");
    if (before->bill.status == BillStatus::kDeleted) {
      return absl::FailedPreconditionError(
          absl::StrCat("bill ", bill_id, " is deleted already"));
    }
    if (has_returns) {
      return absl::FailedPreconditionError(
          absl::StrCat("bill ", bill_id, " has returns; delete those first"));
    }
    if (before->bill.type == BillType::kReturn &&
        (before->bill.loyalty.earn_reversal > 0 ||
         before->bill.loyalty.redeem_refund > 0)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "return ", bill_id, " moved loyalty points back; it cannot be deleted"));
    }
    const pqxx::result marked = tx.exec_params(
        absl::StrCat("UPDATE bills SET status = $5, deleted_by = $3, deleted_at = now(),"
                     " delete_reason = $4 WHERE org_id = $1 AND bill_id = $2::uuid"
                     " RETURNING ",
                     pg::MicrosColumn("deleted_at")),
        org_id, bill_id, deleted_by, reason, Enum(BillStatus::kDeleted));
    tx.exec_params(
        "DELETE FROM bill_number_claims WHERE org_id = $1 AND bill_id = $2::uuid", org_id,
        bill_id);
    Bill undo = before->bill;
    undo.status = BillStatus::kDeleted;
    undo.deleted_by = deleted_by;
    undo.deleted_at = pg::TimeOf(marked[0], "deleted_at_us");
    undo.delete_reason = reason;
    // Journaled before loyalty is booked: bills, then the till's journal,
    // then loyalty accounts is the lock order of every bill transaction.
    pg::AppendJournal(tx, undo, JournalRecord::kDeletion, DeletionPayload(undo));
    // A deleted bill keeps no loyalty: its points go back and its coupons
    // can be used again.
    undo.loyalty = LoyaltyEffects{};
    undo.loyalty.earn_reversal = before->bill.loyalty.earn_points;
    undo.loyalty.redeem_refund = before->bill.loyalty.redeem_points;
    if (!undo.loyalty.empty()) {
      if (auto s = pg::ApplyBillLoyalty(tx, deleted_by, &undo); !s.ok()) return s;
    }
    for (const CouponUse& use : before->bill.loyalty.coupons) {
      pg::GiveBackCoupon(tx, org_id, use.code, bill_id, deleted_by, "bill deleted");
    }
    auto deleted = ReadBill(tx, org_id, bill_id, nullptr);
    tx.commit();
    return *std::move(deleted);
  });
}

absl::StatusOr<StoredBill> PgBillRepository::TagBill(
    const std::string& org_id, const std::string& bill_id, const std::string& customer_id,
    const std::string& by, const TagCheck& check, const TagEarn& earn) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoredBill> {
    pqxx::work tx(c);
    // Locks the bill against a concurrent tag, return or deletion.
    const std::optional<bool> has_returns = LockBill(tx, org_id, bill_id);
    if (!has_returns) return BillNotFound(org_id, bill_id);
    auto bill = ReadBill(tx, org_id, bill_id, nullptr);
    if (!bill) return absl::InternalError("tagged bill vanished");
    if (auto refused = check(*bill, *has_returns); !refused.ok()) return refused;
    const pqxx::result marked = tx.exec_params(
        absl::StrCat(
            "UPDATE bills SET customer_id = $3::uuid, status = $5, tagged_by = $4,"
            " tagged_at = now() WHERE org_id = $1 AND bill_id = $2::uuid"
            " RETURNING ",
            pg::MicrosColumn("tagged_at")),
        org_id, bill_id, customer_id, by, Enum(BillStatus::kRegular));
    Bill updated = bill->bill;
    updated.customer_id = customer_id;
    updated.status = BillStatus::kRegular;
    updated.tagged_by = by;
    updated.tagged_at = pg::TimeOf(marked[0], "tagged_at_us");
    pg::AppendJournal(tx, updated, JournalRecord::kTagging, TaggingPayload(updated));
    auto points = earn(updated);
    if (!points.ok()) return points.status();
    updated.loyalty = LoyaltyEffects{};
    updated.loyalty.earn_points = *points;
    if (!updated.loyalty.empty()) {
      if (auto refused = pg::ApplyBillLoyalty(tx, by, &updated); !refused.ok()) {
        return refused;
      }
    }
    auto tagged = ReadBill(tx, org_id, bill_id, nullptr);
    tx.commit();
    return *std::move(tagged);
  });
}

}  // namespace tillstream
