// The journal on PostgreSQL (server/domain/journal/journal.h): a head row
// per till (its last entry, locked while an entry is appended, so numbers
// are gapless and appends to one till queue) and the entries. An append is
// one statement, computing the entry's hash in SQL from the head's: as a
// part of the statement that stores a bill, or on its own inside the
// transaction of a deletion or a tagging. Entries are append-only (a
// trigger refuses changes).
#ifndef TILLSTREAM_SERVER_STORAGE_PG_JOURNAL_H_
#define TILLSTREAM_SERVER_STORAGE_PG_JOURNAL_H_

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "server/domain/journal/journal.h"
#include "server/domain/journal/journal_repository.h"
#include "server/domain/sales/bill.h"
#include "server/storage/pg_pool.h"

namespace tillstream {
namespace pg {

// The parameter numbers (as "$N" texts, cast as needed) an append takes.
struct JournalParams {
  std::string org_id, store_id, till_id, record_type, record_id, payload;
};

// "head AS (...), journal AS (...)": the CTEs appending one entry for each
// row of `source` (so none when `source` inserted nothing).
std::string JournalAppendCtes(const char* source, const JournalParams& p);

void PrepareJournalStatements(pqxx::connection& c);

// An entry read with seq, record_type, record_id, payload, entry_hash.
JournalEntry EntryFromRow(const pqxx::row& r);

// Appends `payload` to the chain of the bill's till, in `tx`.
void AppendJournal(pqxx::transaction_base& tx, const Bill& bill, JournalRecord record,
                   const std::string& payload);

}  // namespace pg

class PgJournalRepository : public JournalRepository {
 public:
  explicit PgJournalRepository(PgPool* pool) : pool_(pool) {}

  absl::StatusOr<std::vector<TillKey>> JournalTills(const std::string& org_id,
                                                    const std::string& store_id,
                                                    const std::string& till_id) override;
  absl::StatusOr<TillJournal> LoadTillJournal(const TillKey& till) override;
  absl::StatusOr<std::vector<TillEntry>> ReadEntries(
      const std::string& org_id, const std::string& store_id, const std::string& till_id,
      const std::optional<JournalCursor>& after, int limit) override;

 private:
  PgPool* const pool_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_STORAGE_PG_JOURNAL_H_
