#include "server/rpc/journal_service.h"

namespace tillstream {
namespace {

void ToProtoCheck(const TillJournalCheck& check, pos::v1::TillJournalCheck* out) {
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

}  // namespace

absl::Status JournalServiceImpl::HandleVerifyJournal(
    const Principal& /*caller*/, const pos::v1::VerifyJournalRequest& req,
    pos::v1::JournalVerification* resp) {
  return Reply(audit_->Verify(req.org_id(), req.store_id(), req.till_id()),
               [&](const std::vector<TillJournalCheck>& checks) {
                 bool ok = true;
                 for (const TillJournalCheck& check : checks) {
                   ToProtoCheck(check, resp->add_tills());
                   ok = ok && check.ok();
                 }
                 resp->set_ok(ok);
               });
}

absl::Status JournalServiceImpl::HandleReadJournal(const Principal& /*caller*/,
                                                   const pos::v1::ReadJournalRequest& req,
                                                   pos::v1::JournalPage* resp) {
  return Reply(audit_->ReadEntries(req.org_id(), req.store_id(), req.till_id(),
                                   req.page_size(), req.page_token()),
               [&](const JournalEntryPage& page) {
                 for (const TillEntry& e : page.entries) {
                   auto* out = resp->add_entries();
                   out->set_store_id(e.till.store_id);
                   out->set_till_id(e.till.till_id);
                   out->set_seq(e.entry.seq);
                   out->set_record(JournalRecordName(e.entry.record));
                   out->set_record_id(e.entry.record_id);
                   out->set_payload(e.entry.payload);
                   out->set_entry_hash(e.entry.entry_hash);
                 }
                 resp->set_next_page_token(page.next_page_token);
               });
}

}  // namespace tillstream
