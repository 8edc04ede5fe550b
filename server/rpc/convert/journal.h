// The journal's checks and entries on the wire.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_JOURNAL_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_JOURNAL_H_

#include "pos/v1/journal.pb.h"
#include "server/domain/journal/journal.h"
#include "server/domain/journal/journal_check.h"

namespace tillstream {

void ToProtoTillCheck(const TillJournalCheck& check, pos::v1::TillJournalCheck* out);
void ToProtoJournalEntry(const TillEntry& entry, pos::v1::JournalEntry* out);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_JOURNAL_H_
