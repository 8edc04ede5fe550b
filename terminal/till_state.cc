#include "terminal/till_state.h"

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace tillstream {
namespace {

constexpr char kBill[] = ".pb";
constexpr size_t kSeqDigits = 12;

// "000000000042-<bill id>.pb" -> 42. Files from before the outbox kept an
// order ("<bill id>.pb") have place 0: they go first, by billing time.
uint64_t PlaceOf(const std::string& file) {
  uint64_t seq = 0;
  if (file.size() > kSeqDigits && file[kSeqDigits] == '-' &&
      absl::SimpleAtoi(file.substr(0, kSeqDigits), &seq)) {
    return seq;
  }
  return 0;
}

}  // namespace

TillState::TillState(std::string dir, std::string till_id, FileSystem* fs)
    : dir_(std::move(dir)), till_id_(std::move(till_id)), files_(fs) {}

std::string TillState::OutboxPath(const std::string& file) const {
  return absl::StrCat(dir_, "/outbox/", file);
}

absl::Status TillState::Init() {
  if (dir_.empty()) return absl::InvalidArgumentError("the till needs a state directory");
  for (const char* sub : {"/outbox", "/rejected"}) {
    if (auto s = files_.EnsureDir(dir_ + sub); !s.ok()) return s;
  }
  files_.RemoveTemporaries(dir_);
  files_.RemoveTemporaries(dir_ + "/outbox");
  auto names = files_.List(dir_ + "/outbox", kBill);
  if (!names.ok()) return names.status();
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& name : *names) {
    next_seq_ = std::max(next_seq_, PlaceOf(name) + 1);
    std::string id(absl::StripSuffix(name, kBill));
    if (PlaceOf(name) > 0) id = id.substr(kSeqDigits + 1);
    outbox_files_[id] = name;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> TillState::NextBillNumber() {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string path = dir_ + "/bill_counter";
  auto text = files_.ReadIfExists(path);
  if (!text.ok()) return text.status();
  uint64_t counter = 0;
  if (text->has_value() &&
      !absl::SimpleAtoi(absl::StripAsciiWhitespace(**text), &counter)) {
    return absl::DataLossError(
        absl::StrCat(path, " is corrupt ('", **text,
                     "'): bill numbers cannot continue safely; call IT to restore it"));
  }
  ++counter;
  if (auto s = files_.WriteAtomically(path, absl::StrCat(counter, "\n")); !s.ok()) {
    return s;
  }
  return absl::StrFormat("%s-%06d", till_id_, counter);
}

std::string TillState::FileFor(const std::string& bill_id) {
  auto [it, added] = outbox_files_.try_emplace(bill_id);
  if (added) it->second = absl::StrFormat("%012d-%s%s", next_seq_++, bill_id, kBill);
  return it->second;
}

absl::Status TillState::SaveToOutbox(const pos::v1::SubmitBill& bill) {
  std::string file;
  {
    std::lock_guard<std::mutex> lock(mu_);
    RetryRemovalsLocked();
    unremoved_.erase(bill.bill_id());  // saved again: it is to be sent
    file = FileFor(bill.bill_id());
  }
  return files_.WriteAtomically(OutboxPath(file), bill.SerializeAsString());
}

absl::Status TillState::RemoveFromOutbox(const std::string& bill_id) {
  std::lock_guard<std::mutex> lock(mu_);
  RetryRemovalsLocked();
  absl::Status s = RemoveLocked(bill_id);
  if (!s.ok()) unremoved_.insert(bill_id);
  return s;
}

size_t TillState::removals_pending() {
  std::lock_guard<std::mutex> lock(mu_);
  return unremoved_.size();
}

void TillState::RetryRemovalsLocked() {
  for (auto it = unremoved_.begin(); it != unremoved_.end();) {
    if (!RemoveLocked(*it).ok()) return;  // the disk still refuses
    it = unremoved_.erase(it);
  }
}

absl::Status TillState::RemoveLocked(const std::string& bill_id) {
  auto it = outbox_files_.find(bill_id);
  if (it == outbox_files_.end()) return absl::OkStatus();
  if (auto s = files_.Remove(OutboxPath(it->second)); !s.ok()) return s;
  outbox_files_.erase(it);
  return absl::OkStatus();
}

absl::Status TillState::MoveToRejected(const std::string& bill_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = outbox_files_.find(bill_id);
  if (it == outbox_files_.end()) return absl::OkStatus();
  if (auto s = files_.Move(OutboxPath(it->second),
                           absl::StrCat(dir_, "/rejected/", bill_id, kBill));
      !s.ok()) {
    return s;
  }
  outbox_files_.erase(it);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<pos::v1::SubmitBill>> TillState::LoadOutbox(
    std::vector<std::string>* problems) {
  std::lock_guard<std::mutex> lock(mu_);
  struct Entry {
    uint64_t place;
    int64_t billing_time;
    pos::v1::SubmitBill bill;
  };
  std::vector<Entry> entries;
  for (auto it = outbox_files_.begin(); it != outbox_files_.end();) {
    const std::string path = OutboxPath(it->second);
    auto bytes = files_.ReadIfExists(path);
    if (!bytes.ok()) return bytes.status();
    pos::v1::SubmitBill bill;
    if (!bytes->has_value()) {  // removed behind our back
      it = outbox_files_.erase(it);
      continue;
    }
    if (!bill.ParseFromString(**bytes) || bill.bill_id() != it->first) {
      const std::string aside = absl::StrCat(dir_, "/rejected/", it->second, ".corrupt");
      if (problems != nullptr) {
        problems->push_back(
            absl::StrCat(path, " cannot be read as a bill; moved to ", aside, " for IT"));
      }
      files_.Move(path, aside).IgnoreError();
      it = outbox_files_.erase(it);
      continue;
    }
    entries.push_back(
        {PlaceOf(it->second), bill.billing_time().seconds(), std::move(bill)});
    ++it;
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.place, a.billing_time) < std::tie(b.place, b.billing_time);
  });
  std::vector<pos::v1::SubmitBill> bills;
  for (auto& e : entries) bills.push_back(std::move(e.bill));
  return bills;
}

}  // namespace tillstream
