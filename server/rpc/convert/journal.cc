#include "server/rpc/convert/journal.h"

namespace tillstream {

void ToProtoTillCheck(const TillJournalCheck& check, pos::v1::TillJournalCheck* out) {
  out->set_store_id(check.till.store_id);
  out->set_till_id(check.till.till_id);
  out->set_entries(check.entries);
  out->set_bills(check.bills);
  out->set_bills_before_journal(check.bills_before_journal);
  out->set_head_seq(check.head.seq);
  out->set_head_hash(check.head.hash);
  out->set_ok(check.ok());
  for (const JournalFinding& f : check.findings) {
    auto* finding = out->add_findings();
    finding->set_seq(f.seq);
    finding->set_record_id(f.record_id);
    finding->set_message(f.message);
  }
  out->set_findings_total(check.findings_total);
}

void ToProtoJournalEntry(const TillEntry& e, pos::v1::JournalEntry* out) {
  out->set_store_id(e.till.store_id);
  out->set_till_id(e.till.till_id);
  out->set_seq(e.entry.seq);
  out->set_record(JournalRecordName(e.entry.record));
  out->set_record_id(e.entry.record_id);
  out->set_payload(e.entry.payload);
  out->set_entry_hash(e.entry.entry_hash);
}

}  // namespace tillstream
