// The tamper-evident journal: every bill, return, deletion and tagging is
// appended, in the transaction that stores it, to a chain per till. An
// entry holds a gapless sequence number, the record's canonical encoding
// (journal_payloads.h) and a SHA-256 over the previous entry's hash, the
// number and the encoding, so an entry changed, removed or inserted later
// breaks the chain from there on.
#ifndef TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_H_
#define TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_H_

#include <cstdint>
#include <string>
#include <tuple>

namespace tillstream {

// Stored (journal_entries.record_type): do not renumber.
enum class JournalRecord { kSale = 1, kReturn = 2, kDeletion = 3, kTagging = 4 };
static_assert(static_cast<int>(JournalRecord::kSale) == 1);
static_assert(static_cast<int>(JournalRecord::kReturn) == 2);
static_assert(static_cast<int>(JournalRecord::kDeletion) == 3);
static_assert(static_cast<int>(JournalRecord::kTagging) == 4);

const char* JournalRecordName(JournalRecord record);  // "sale", "deletion", ...

// Which chain: one per till.
struct TillKey {
  std::string org_id;
  std::string store_id;
  std::string till_id;
  bool operator<(const TillKey& o) const {
    return std::tie(org_id, store_id, till_id) <
           std::tie(o.org_id, o.store_id, o.till_id);
  }
};

struct JournalEntry {
  int64_t seq = 0;  // 1, 2, 3, ... per till
  JournalRecord record = JournalRecord::kSale;
  std::string record_id;   // the bill id
  std::string payload;     // canonical encoding of the record
  std::string entry_hash;  // 64 hex characters
};

// An entry with the chain it belongs to, and a position in the org's
// entries ordered by store, till and number.
struct TillEntry {
  TillKey till;
  JournalEntry entry;
};
struct JournalCursor {
  std::string store_id;
  std::string till_id;
  int64_t seq = 0;
};

// The last entry of a chain as its head row records it (seq 0: empty).
struct JournalHead {
  int64_t seq = 0;
  std::string hash;
};

// The hash before the first entry: 32 zero bytes, in hex.
extern const char kGenesisHash[];

// hex(SHA-256(bytes(prev_hash) || decimal(seq) || "\n" || payload)): what
// the storage computes in SQL when it appends, and the check recomputes.
std::string EntryHash(const std::string& prev_hash_hex, int64_t seq,
                      const std::string& payload);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_H_
