// What a till keeps on disk so that a crash loses nothing: its bill-number
// counter and an outbox of bills submitted but not yet acknowledged. Every
// write goes to a temporary file, is fsynced, then renamed into place.
#ifndef TILLSTREAM_TERMINAL_TILL_STATE_H_
#define TILLSTREAM_TERMINAL_TILL_STATE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pos/v1/pos.pb.h"

namespace tillstream {

class TillState {
 public:
  // An empty dir keeps nothing on disk (bill numbers then derive from the clock).
  TillState(std::string dir, std::string till_id);

  absl::Status Init();  // creates the directories

  // "<till>-<counter>", the counter persisted before it is used.
  absl::StatusOr<std::string> NextBillNumber();

  absl::Status SaveToOutbox(const pos::v1::SubmitBill& bill);
  absl::Status RemoveFromOutbox(const std::string& bill_id);
  // Moves a bill the server refused for good aside, for the back office.
  absl::Status MoveToRejected(const std::string& bill_id);
  absl::StatusOr<std::vector<pos::v1::SubmitBill>> LoadOutbox() const;

 private:
  const std::string dir_;
  const std::string till_id_;
  uint64_t clock_seq_ = 0;
};

}  // namespace tillstream

#endif  // TILLSTREAM_TERMINAL_TILL_STATE_H_
