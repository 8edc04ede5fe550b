// An auditor's check of the tamper-evident journal: every chain of an org
// (or of one store, or one till) recomputed and every bill compared with
// what its chain recorded.
#ifndef TILLSTREAM_SERVER_USECASES_JOURNAL_AUDIT_H_
#define TILLSTREAM_SERVER_USECASES_JOURNAL_AUDIT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/journal/journal_check.h"
#include "server/domain/journal/journal_repository.h"
#include "server/usecases/repositories.h"

namespace tillstream {

inline constexpr int kDefaultJournalPage = 500;
inline constexpr int kMaxJournalPage = 1000;

struct JournalEntryPage {
  std::vector<TillEntry> entries;
  std::string next_page_token;  // empty on the last page
};

class JournalAudit {
 public:
  JournalAudit(const Repositories& repos, JournalRepository* journal)
      : repos_(repos), journal_(journal) {}

  // One check per till, ordered. INVALID_ARGUMENT for a till without its
  // store or a malformed code; NOT_FOUND for an unknown org, or a store or
  // till that has neither a registration nor a journal.
  absl::StatusOr<std::vector<TillJournalCheck>> Verify(const std::string& org_id,
                                                       const std::string& store_id,
                                                       const std::string& till_id);

  // A page of the entries themselves (page_size 0: 500; at most 1000), for
  // an export; `page_token` is the previous page's next_page_token.
  absl::StatusOr<JournalEntryPage> ReadEntries(const std::string& org_id,
                                               const std::string& store_id,
                                               const std::string& till_id, int page_size,
                                               const std::string& page_token);

 private:
  absl::Status CheckScope(const std::string& org_id, const std::string& store_id,
                          const std::string& till_id);

  const Repositories repos_;
  JournalRepository* const journal_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_USECASES_JOURNAL_AUDIT_H_
