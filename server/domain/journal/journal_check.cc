#include "server/domain/journal/journal_check.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "server/domain/journal/journal_payloads.h"

namespace tillstream {
namespace {

// What the journal says a bill is now, and the entry that recorded it.
struct Expected {
  int64_t seq = 0;
  std::string payload;
};

std::string EntryName(const JournalEntry& e) {
  return absl::StrCat("entry ", e.seq, " (", JournalRecordName(e.record), " of bill ",
                      e.record_id, ")");
}

class Checker {
 public:
  explicit Checker(TillJournalCheck* out) : out_(out) {}

  void Add(int64_t seq, const std::string& record_id, std::string message) {
    ++out_->findings_total;
    out_->findings.push_back({seq, record_id, std::move(message)});
  }

  void Chain(const std::vector<JournalEntry>& entries) {
    std::string prev = kGenesisHash;
    int64_t next = 1;
    for (const JournalEntry& e : entries) {
      if (e.seq != next) {
        Add(e.seq, e.record_id,
            absl::StrCat("entries ", next, " to ", e.seq - 1, " are missing before ",
                         EntryName(e)));
      } else if (EntryHash(prev, e.seq, e.payload) != e.entry_hash) {
        Add(e.seq, e.record_id,
            absl::StrCat(EntryName(e),
                         " does not match its hash: the entry was changed after it "
                         "was written"));
      }
      prev = e.entry_hash;
      next = e.seq + 1;
      Record(e);
    }
  }

  void Head(const JournalHead& head, const std::vector<JournalEntry>& entries) {
    const int64_t last_seq = entries.empty() ? 0 : entries.back().seq;
    const std::string last_hash = entries.empty() ? "" : entries.back().entry_hash;
    if (head.seq == 0 && last_seq == 0) return;
    if (head.seq != last_seq || head.hash != last_hash) {
      Add(std::max<int64_t>(head.seq, 1), "",
          absl::StrCat("the chain's head names entry ", head.seq,
                       " but the last entry stored is ", last_seq,
                       ": entries at the end were removed or changed"));
    }
  }

  void Bills(const std::vector<Bill>& bills) {
    for (const Bill& bill : bills) {
      auto it = expected_.find(bill.bill_id);
      const std::string name =
          absl::StrCat("bill ", bill.bill_id, " (number ", bill.bill_number, ")");
      if (it == expected_.end()) {
        Add(0, bill.bill_id, absl::StrCat(name, " is stored but not in the journal"));
        continue;
      }
      const std::string stored = BillPayload(bill);
      if (stored != it->second.payload) {
        Add(it->second.seq, bill.bill_id,
            absl::StrCat(name, " differs from its journal entry ", it->second.seq,
                         " in: ", DifferingFields(it->second.payload, stored)));
      }
      expected_.erase(it);
    }
    for (const auto& [bill_id, gone] : expected_) {
      Add(gone.seq, bill_id,
          absl::StrCat("bill ", bill_id, " is in the journal (entry ", gone.seq,
                       ") but is no longer stored"));
    }
  }

 private:
  void Record(const JournalEntry& e) {
    auto it = expected_.find(e.record_id);
    switch (e.record) {
      case JournalRecord::kSale:
      case JournalRecord::kReturn:
        if (it != expected_.end()) {
          Add(e.seq, e.record_id,
              absl::StrCat(EntryName(e), " journals a bill entry ", it->second.seq,
                           " journaled already"));
          return;
        }
        expected_[e.record_id] = Expected{e.seq, e.payload};
        return;
      case JournalRecord::kDeletion:
      case JournalRecord::kTagging: {
        if (it == expected_.end()) {
          Add(e.seq, e.record_id,
              absl::StrCat(EntryName(e), " comes before any entry of that bill"));
          return;
        }
        auto applied = ApplyEvent(it->second.payload, e.payload);
        if (!applied.ok()) {
          Add(e.seq, e.record_id,
              absl::StrCat(EntryName(e),
                           " cannot be read: ", applied.status().message()));
          return;
        }
        it->second.payload = *std::move(applied);
        return;
      }
    }
  }

  TillJournalCheck* const out_;
  std::map<std::string, Expected> expected_;
};

}  // namespace

TillJournalCheck CheckTillJournal(const TillJournal& journal) {
  TillJournalCheck out;
  out.till = journal.till;
  out.entries = static_cast<int64_t>(journal.entries.size());
  out.bills = static_cast<int64_t>(journal.bills.size());
  out.bills_before_journal = journal.bills_before_journal;
  if (!journal.entries.empty()) {
    out.head = JournalHead{journal.entries.back().seq, journal.entries.back().entry_hash};
  }
  Checker checker(&out);
  checker.Chain(journal.entries);
  checker.Head(journal.head, journal.entries);
  checker.Bills(journal.bills);
  // By entry; bills with no entry (seq 0) last.
  std::stable_sort(out.findings.begin(), out.findings.end(),
                   [](const JournalFinding& a, const JournalFinding& b) {
                     const auto key = [](int64_t s) { return s == 0 ? INT64_MAX : s; };
                     return key(a.seq) < key(b.seq);
                   });
  if (out.findings.size() > kMaxFindings) out.findings.resize(kMaxFindings);
  return out;
}

}  // namespace tillstream
