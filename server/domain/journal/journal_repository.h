// What the journal check reads. Appending is not here: the bill storage
// appends in the transactions that store and change bills.
#ifndef TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_REPOSITORY_H_
#define TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/journal/journal.h"
#include "server/domain/journal/journal_check.h"

namespace tillstream {

class JournalRepository {
 public:
  virtual ~JournalRepository() = default;
  // The org's tills (of `store_id`, and only `till_id`, when given) that
  // are registered or have a journal, ordered.
  virtual absl::StatusOr<std::vector<TillKey>> JournalTills(
      const std::string& org_id, const std::string& store_id,
      const std::string& till_id) = 0;
  // The till's head, entries and bills, read in one snapshot.
  virtual absl::StatusOr<TillJournal> LoadTillJournal(const TillKey& till) = 0;
  // Up to `limit` entries of the org (of `store_id`, `till_id` when given)
  // after `after`, ordered by store, till and number.
  virtual absl::StatusOr<std::vector<TillEntry>> ReadEntries(
      const std::string& org_id, const std::string& store_id, const std::string& till_id,
      const std::optional<JournalCursor>& after, int limit) = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_REPOSITORY_H_
