#include "terminal/till_state.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace tillstream {
namespace fs = std::filesystem;
namespace {

absl::Status WriteFileDurably(const fs::path& path, const std::string& bytes) {
  const fs::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot write ", tmp.string(), ": ", std::strerror(errno)));
  }
  const bool ok =
      ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::InternalError(
        absl::StrCat("cannot write ", path.string(), ": ", std::strerror(errno)));
  }
  // Make the rename itself durable.
  const int dirfd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
  if (dirfd >= 0) {
    ::fsync(dirfd);
    ::close(dirfd);
  }
  return absl::OkStatus();
}

}  // namespace

TillState::TillState(std::string dir, std::string till_id)
    : dir_(std::move(dir)), till_id_(std::move(till_id)) {}

absl::Status TillState::Init() {
  if (dir_.empty()) return absl::OkStatus();
  std::error_code ec;
  fs::create_directories(fs::path(dir_) / "outbox", ec);
  if (!ec) fs::create_directories(fs::path(dir_) / "rejected", ec);
  if (ec) {
    return absl::InternalError(absl::StrCat("cannot create ", dir_, ": ", ec.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> TillState::NextBillNumber() {
  if (dir_.empty()) {
    // No state: the clock in microseconds plus a sequence keeps numbers
    // distinct across runs; a till that must never repeat one keeps state.
    return absl::StrCat(till_id_, "-", absl::ToUnixMicros(absl::Now()), "-",
                        ++clock_seq_);
  }
  const fs::path path = fs::path(dir_) / "bill_counter";
  uint64_t counter = 0;
  std::ifstream in(path);
  if (in) {
    std::string text;
    std::getline(in, text);
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &counter)) {
      return absl::DataLossError(
          absl::StrCat(path.string(), " is corrupt: '", text, "'"));
    }
  }
  ++counter;
  if (auto s = WriteFileDurably(path, absl::StrCat(counter, "\n")); !s.ok()) return s;
  return absl::StrFormat("%s-%06d", till_id_, counter);
}

absl::Status TillState::SaveToOutbox(const pos::v1::SubmitBill& bill) {
  if (dir_.empty()) return absl::OkStatus();
  return WriteFileDurably(fs::path(dir_) / "outbox" / (bill.bill_id() + ".pb"),
                          bill.SerializeAsString());
}

absl::Status TillState::RemoveFromOutbox(const std::string& bill_id) {
  if (dir_.empty()) return absl::OkStatus();
  std::error_code ec;
  fs::remove(fs::path(dir_) / "outbox" / (bill_id + ".pb"), ec);
  if (ec) return absl::InternalError(ec.message());
  return absl::OkStatus();
}

absl::Status TillState::MoveToRejected(const std::string& bill_id) {
  if (dir_.empty()) return absl::OkStatus();
  std::error_code ec;
  fs::rename(fs::path(dir_) / "outbox" / (bill_id + ".pb"),
             fs::path(dir_) / "rejected" / (bill_id + ".pb"), ec);
  if (ec) return absl::InternalError(ec.message());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<pos::v1::SubmitBill>> TillState::LoadOutbox() const {
  std::vector<pos::v1::SubmitBill> bills;
  if (dir_.empty()) return bills;
  for (const auto& entry : fs::directory_iterator(fs::path(dir_) / "outbox")) {
    if (entry.path().extension() != ".pb") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    pos::v1::SubmitBill bill;
    if (!bill.ParseFromString(buf.str())) {
      return absl::DataLossError(absl::StrCat(entry.path().string(), " is corrupt"));
    }
    bills.push_back(std::move(bill));
  }
  return bills;
}

}  // namespace tillstream
