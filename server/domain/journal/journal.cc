#include "server/domain/journal/journal.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/digest.h"

namespace tillstream {

const char kGenesisHash[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

const char* JournalRecordName(JournalRecord record) {
  switch (record) {
    case JournalRecord::kSale:
      return "sale";
    case JournalRecord::kReturn:
      return "return";
    case JournalRecord::kDeletion:
      return "deletion";
    case JournalRecord::kTagging:
      return "tagging";
  }
  return "unknown";
}

std::string EntryHash(const std::string& prev_hash_hex, int64_t seq,
                      const std::string& payload) {
  return Sha256Hex(
      absl::StrCat(absl::HexStringToBytes(prev_hash_hex), seq, "\n", payload));
}

}  // namespace tillstream
