// Checking a till's journal: the chain (gapless numbers, each hash over its
// predecessor's), its head row, and every bill of the till against what the
// journal says it is (its sale or return entry with its taggings and
// deletion applied). Plain C++ over what the storage read in one snapshot.
#ifndef TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_CHECK_H_
#define TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "server/domain/journal/journal.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

// A till's chain and bills, as stored.
struct TillJournal {
  TillKey till;
  JournalHead head;                   // the head row; seq 0 when there is none
  std::vector<JournalEntry> entries;  // ordered by seq
  std::vector<Bill> bills;            // received since the journal began
  int64_t bills_before_journal = 0;   // received before: never chained
};

struct JournalFinding {
  int64_t seq = 0;  // the entry concerned; 0 for a bill with no entry
  std::string record_id;
  std::string message;
};

struct TillJournalCheck {
  TillKey till;
  int64_t entries = 0;
  int64_t bills = 0;
  int64_t bills_before_journal = 0;
  JournalHead head;  // the last entry's
  // By entry number (bills missing from the journal last); at most
  // kMaxFindings are kept, `findings_total` counts them all.
  std::vector<JournalFinding> findings;
  int64_t findings_total = 0;
  bool ok() const { return findings_total == 0; }
};

inline constexpr size_t kMaxFindings = 100;

TillJournalCheck CheckTillJournal(const TillJournal& journal);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_CHECK_H_
