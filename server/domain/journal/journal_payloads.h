// The canonical encodings the journal chains: compact JSON with sorted keys,
// integers for money, quantities, times (unix microseconds) and enums (their
// pinned numbers), so the same record always encodes to the same bytes.
//   sale / return: the bill as stored, lines by line number, tenders in
//                  order (loyalty effects are in the points ledger, not here)
//   tagging:       the bill fields a tagging changes, with their new values
//   deletion:      the bill fields a deletion changes, with their new values
// An event's fields applied over its bill's payload give the bill as it is
// stored after the event: that is how the check compares a bill.
#ifndef TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_PAYLOADS_H_
#define TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_PAYLOADS_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/domain/journal/journal.h"
#include "server/domain/sales/bill.h"

namespace tillstream {

// The record a bill is journaled as when it is stored: a sale or a return.
JournalRecord BillRecordOf(const Bill& bill);

std::string BillPayload(const Bill& bill);
std::string TaggingPayload(const Bill& tagged);    // after the tagging
std::string DeletionPayload(const Bill& deleted);  // after the deletion

// `bill_payload` with the fields of `event_payload` (a tagging or a
// deletion of the same bill) set over it; INVALID_ARGUMENT when either is
// not an object of this encoding or the event is for another bill.
absl::StatusOr<std::string> ApplyEvent(const std::string& bill_payload,
                                       const std::string& event_payload);

// The names of the top-level fields in which two payloads differ, joined
// with ", " (lines and tenders count as one field each).
std::string DifferingFields(const std::string& a, const std::string& b);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_JOURNAL_JOURNAL_PAYLOADS_H_
