#include "server/storage/pg_journal.h"

#include "absl/strings/str_cat.h"
#include "server/storage/pg_bill_rows.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace pg {
namespace {

// EntryHash (journal.h) in SQL, over the previous hash (hex text), the
// entry's number and its payload.
std::string HashSql(const std::string& prev_hex, const std::string& seq,
                    const std::string& payload) {
  return absl::StrCat("encode(sha256(decode(", prev_hex, ", 'hex') || convert_to((", seq,
                      ")::text || E'\\n' || ", payload, ", 'UTF8')), 'hex')");
}

}  // namespace

JournalEntry EntryFromRow(const pqxx::row& r) {
  return JournalEntry{r["seq"].as<int64_t>(), EnumOf<JournalRecord>(r["record_type"]),
                      r["record_id"].as<std::string>(), r["payload"].as<std::string>(),
                      r["entry_hash"].as<std::string>()};
}

std::string JournalAppendCtes(const char* source, const JournalParams& p) {
  return absl::StrCat(
      "head AS (INSERT INTO journal_heads AS h (org_id, store_id, till_id, last_seq,"
      " last_hash) SELECT ",
      p.org_id, ", ", p.store_id, ", ", p.till_id, ", 1, ",
      HashSql(absl::StrCat("'", kGenesisHash, "'"), "1", p.payload), " FROM ", source,
      " ON CONFLICT (org_id, store_id, till_id) DO UPDATE SET last_seq = h.last_seq + 1,"
      " last_hash = ",
      HashSql("h.last_hash", "h.last_seq + 1", p.payload),
      " RETURNING last_seq, last_hash), journal AS (INSERT INTO journal_entries"
      " (org_id, store_id, till_id, seq, record_type, record_id, payload, entry_hash)"
      " SELECT ",
      p.org_id, ", ", p.store_id, ", ", p.till_id, ", last_seq, ", p.record_type, ", ",
      p.record_id, ", ", p.payload, ", last_hash FROM head)");
}

void PrepareJournalStatements(pqxx::connection& c) {
  const JournalParams p{"$1::text",     "$2::text", "$3::text",
                        "$4::smallint", "$5::text", "$6::text"};
  c.prepare("journal_append",
            absl::StrCat("WITH one AS (SELECT 1), ", JournalAppendCtes("one", p),
                         " SELECT last_seq FROM head"));
}

void AppendJournal(pqxx::transaction_base& tx, const Bill& bill, JournalRecord record,
                   const std::string& payload) {
  tx.exec_prepared("journal_append", bill.org_id, bill.store_id, bill.till_id,
                   Enum(record), bill.bill_id, payload);
}

}  // namespace pg

absl::StatusOr<std::vector<TillKey>> PgJournalRepository::JournalTills(
    const std::string& org_id, const std::string& store_id, const std::string& till_id) {
  using Tills = std::vector<TillKey>;
  return pg::Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Tills> {
    pqxx::read_transaction tx(c);
    constexpr char kWhere[] =
        " WHERE org_id = $1 AND ($2::text IS NULL OR store_id = $2)"
        " AND ($3::text IS NULL OR till_id = $3)";
    Tills tills;
    for (const auto& r :
         tx.exec_params(absl::StrCat("SELECT store_id, till_id FROM tills", kWhere,
                                     " UNION SELECT store_id, till_id FROM journal_heads",
                                     kWhere, " ORDER BY store_id, till_id"),
                        org_id, pg::NullIfEmpty(store_id), pg::NullIfEmpty(till_id))) {
      tills.push_back(TillKey{org_id, r["store_id"].as<std::string>(),
                              r["till_id"].as<std::string>()});
    }
    return tills;
  });
}

absl::StatusOr<std::vector<TillEntry>> PgJournalRepository::ReadEntries(
    const std::string& org_id, const std::string& store_id, const std::string& till_id,
    const std::optional<JournalCursor>& after, int limit) {
  using Entries = std::vector<TillEntry>;
  return pg::Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<Entries> {
    pqxx::read_transaction tx(c);
    const JournalCursor from = after.value_or(JournalCursor{});
    Entries entries;
    for (const auto& r : tx.exec_params(
             "SELECT store_id, till_id, seq, record_type, record_id, payload, entry_hash"
             " FROM journal_entries WHERE org_id = $1"
             " AND ($2::text IS NULL OR store_id = $2) AND ($3::text IS NULL OR till_id "
             "= $3)"
             " AND ($4 = false OR (store_id, till_id, seq) > ($5, $6, $7))"
             " ORDER BY store_id, till_id, seq LIMIT $8",
             org_id, pg::NullIfEmpty(store_id), pg::NullIfEmpty(till_id),
             after.has_value(), from.store_id, from.till_id, from.seq, limit)) {
      entries.push_back(TillEntry{TillKey{org_id, r["store_id"].as<std::string>(),
                                          r["till_id"].as<std::string>()},
                                  pg::EntryFromRow(r)});
    }
    return entries;
  });
}

absl::StatusOr<TillJournal> PgJournalRepository::LoadTillJournal(const TillKey& till) {
  return pg::Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<TillJournal> {
    // One snapshot: a bill stored meanwhile is either in both or in neither.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
    TillJournal journal;
    journal.till = till;
    const pqxx::result head = tx.exec_params(
        "SELECT last_seq, last_hash FROM journal_heads"
        " WHERE org_id = $1 AND store_id = $2 AND till_id = $3",
        till.org_id, till.store_id, till.till_id);
    if (!head.empty()) {
      journal.head = JournalHead{head[0]["last_seq"].as<int64_t>(),
                                 head[0]["last_hash"].as<std::string>()};
    }
    for (const auto& r : tx.exec_params(
             "SELECT seq, record_type, record_id, payload, entry_hash FROM "
             "journal_entries"
             " WHERE org_id = $1 AND store_id = $2 AND till_id = $3 ORDER BY seq",
             till.org_id, till.store_id, till.till_id)) {
      journal.entries.push_back(pg::EntryFromRow(r));
    }
    // Bills stored before the journal existed were never chained.
    const pqxx::result bills = tx.exec_params(
        "SELECT b.bill_id::text AS bill_id, b.received_at < e.started_at AS before"
        " FROM bills b, journal_epoch e"
        " WHERE b.org_id = $1 AND b.store_id = $2 AND b.till_id = $3"
        " ORDER BY b.received_at, b.bill_id",
        till.org_id, till.store_id, till.till_id);
    for (const auto& r : bills) {
      if (r["before"].as<bool>()) {
        ++journal.bills_before_journal;
        continue;
      }
      auto stored =
          pg::ReadBill(tx, till.org_id, r["bill_id"].as<std::string>(), nullptr);
      if (stored) journal.bills.push_back(std::move(stored->bill));
    }
    return journal;
  });
}

}  // namespace tillstream
