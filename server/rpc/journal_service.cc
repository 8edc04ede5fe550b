#include "server/rpc/journal_service.h"

#include "server/rpc/convert/journal.h"

namespace tillstream {

absl::Status JournalServiceImpl::HandleVerifyJournal(
    const Principal& /*caller*/, const pos::v1::VerifyJournalRequest& req,
    pos::v1::JournalVerification* resp) {
  return Reply(audit_->Verify(req.org_id(), req.store_id(), req.till_id()),
               [&](const std::vector<TillJournalCheck>& checks) {
                 bool ok = true;
                 for (const TillJournalCheck& check : checks) {
                   ToProtoTillCheck(check, resp->add_tills());
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
                   ToProtoJournalEntry(e, resp->add_entries());
                 }
                 resp->set_next_page_token(page.next_page_token);
               });
}

}  // namespace tillstream
