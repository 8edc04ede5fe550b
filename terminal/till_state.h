// What a till keeps on disk so that a crash, a full disk or a failing disk
// loses nothing: its bill-number counter and an outbox of bills paid but not
// yet acknowledged by the back office, kept in the order they were paid.
// Every write goes through TillFiles (temporary file, fsync, rename, fsync of
// the directory). Safe to use from the cashier's thread and the outbox
// sender at once.
#ifndef TILLSTREAM_TERMINAL_TILL_STATE_H_
#define TILLSTREAM_TERMINAL_TILL_STATE_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pos/v1/pos.pb.h"
#include "terminal/till_files.h"

namespace tillstream {

class TillState {
 public:
  TillState(std::string dir, std::string till_id, FileSystem* fs = FileSystem::Posix());

  // Creates the directories, removes temporaries a crash left behind and
  // indexes the outbox.
  absl::Status Init();

  // "<till>-<counter>", the counter persisted before the number is handed
  // out. On failure the counter on disk is unchanged.
  absl::StatusOr<std::string> NextBillNumber();

  // Makes the bill durable in the outbox. A bill id saved before (or whose
  // save failed) keeps its place and its file, so saving it again replaces
  // that file: one bill id is never two outbox entries.
  absl::Status SaveToOutbox(const pos::v1::SubmitBill& bill);
  // Drops the bill's entry (acknowledged, or its sale cancelled). When the
  // disk refuses (read-only, EIO), the entry is remembered and removed at
  // the next removal or save that the disk allows: otherwise the file would
  // stay until the next start and the bill be sent once more (answered as a
  // replay, never stored twice, but never gone either while the till runs).
  absl::Status RemoveFromOutbox(const std::string& bill_id);
  // Entries whose removal the disk refused and that still wait for it.
  size_t removals_pending();
  // Moves a bill the server refused for good aside, for the back office.
  absl::Status MoveToRejected(const std::string& bill_id);

  // The outbox in the order the bills were saved. A file that cannot be
  // parsed is moved to rejected/ as NAME.corrupt and described in `problems`.
  absl::StatusOr<std::vector<pos::v1::SubmitBill>> LoadOutbox(
      std::vector<std::string>* problems = nullptr);

  const std::string& dir() const { return dir_; }

 private:
  std::string OutboxPath(const std::string& file) const;
  // The outbox file of `bill_id`, allocating the next place if it has none.
  std::string FileFor(const std::string& bill_id);
  // Retries the removals the disk refused before; mu_ held.
  void RetryRemovalsLocked();
  absl::Status RemoveLocked(const std::string& bill_id);

  const std::string dir_;
  const std::string till_id_;
  TillFiles files_;
  std::mutex mu_;
  uint64_t next_seq_ = 1;
  std::map<std::string, std::string> outbox_files_;  // bill id -> file name
  std::set<std::string> unremoved_;  // bill ids whose removal the disk refused
};

}  // namespace tillstream

#endif  // TILLSTREAM_TERMINAL_TILL_STATE_H_
