// The till's file layer and its state (counter, outbox) on disks that fail:
// full, read-only, fsync returning EIO.
#include "terminal/till_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "terminal/till_state.h"
#include "tests/support/faulty_file_system.h"
#include "tests/support/scratch_dir.h"

namespace tillstream {
namespace {
namespace fs = std::filesystem;

class TillFilesTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Every file under the test directory, as "sub/name".
  std::vector<std::string> Files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir_)) {
      if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir_).string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  ScratchDir scratch_{"till-files"};
  const fs::path& dir_ = scratch_.path();
  FaultyFileSystem disk_;
};

TEST_F(TillFilesTest, AFullDiskKeepsTheOldContentLeavesNoTemporaryAndSaysSo) {
  TillFiles files(&disk_);
  ASSERT_TRUE(files.WriteAtomically(Path("counter"), "41\n").ok());
  disk_.space_left = 2;  // the new content fits only halfway
  const absl::Status s = files.WriteAtomically(Path("counter"), "42\n");
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(s.message().find("the till's disk is full"), std::string::npos) << s;
  EXPECT_NE(s.message().find("No space left on device"), std::string::npos) << s;
  EXPECT_NE(s.message().find(Path("counter.tmp")), std::string::npos) << s;
  EXPECT_EQ(Slurp(Path("counter")), "41\n");
  EXPECT_EQ(Files(), std::vector<std::string>{"counter"});
}

TEST_F(TillFilesTest, AReadOnlyDiskIsNamedAndNothingAppears) {
  TillFiles files(&disk_);
  disk_.read_only = true;
  const absl::Status s = files.WriteAtomically(Path("bill.pb"), "bytes");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("read-only"), std::string::npos) << s;
  EXPECT_TRUE(Files().empty());
}

TEST_F(TillFilesTest, AFailingFsyncIsAnErrorAndTheOldContentStays) {
  TillFiles files(&disk_);
  ASSERT_TRUE(files.WriteAtomically(Path("counter"), "7\n").ok());
  disk_.failing_fsyncs = 1;
  const absl::Status s = files.WriteAtomically(Path("counter"), "8\n");
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_NE(s.message().find("I/O error"), std::string::npos) << s;
  EXPECT_EQ(Slurp(Path("counter")), "7\n");
  EXPECT_EQ(Files(), std::vector<std::string>{"counter"});
  // The directory is fsynced too: a write makes two fsyncs.
  const int before = disk_.fsyncs;
  ASSERT_TRUE(files.WriteAtomically(Path("counter"), "8\n").ok());
  EXPECT_EQ(disk_.fsyncs - before, 2);
  EXPECT_EQ(Slurp(Path("counter")), "8\n");
}

TEST_F(TillFilesTest, TemporariesACrashLeftAreSweptAndMissingFilesReadAsAbsent) {
  TillFiles files(&disk_);
  std::ofstream(Path("bill.pb.tmp")) << "half a bill";
  std::ofstream(Path("keep.pb")) << "whole";
  EXPECT_EQ(files.RemoveTemporaries(dir_.string()), 1);
  EXPECT_EQ(Files(), std::vector<std::string>{"keep.pb"});
  auto absent = files.ReadIfExists(Path("nothing"));
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  EXPECT_EQ(files.ReadIfExists(Path("keep.pb"))->value(), "whole");
}

pos::v1::SubmitBill Bill(const std::string& id, const std::string& number) {
  pos::v1::SubmitBill bill;
  bill.set_bill_id(id);
  bill.set_bill_number(number);
  return bill;
}

std::vector<std::string> Ids(const std::vector<pos::v1::SubmitBill>& bills) {
  std::vector<std::string> ids;
  for (const auto& b : bills) ids.push_back(b.bill_id());
  return ids;
}

TEST_F(TillFilesTest, TheCounterDoesNotMoveWhenItCannotBeKept) {
  TillState state(dir_.string(), "t1", &disk_);
  ASSERT_TRUE(state.Init().ok());
  EXPECT_EQ(state.NextBillNumber().value(), "t1-000001");
  disk_.space_left = 0;
  EXPECT_EQ(state.NextBillNumber().status().code(), absl::StatusCode::kResourceExhausted);
  disk_.space_left = -1;
  disk_.failing_fsyncs = 1;
  EXPECT_EQ(state.NextBillNumber().status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(state.NextBillNumber().value(), "t1-000002");
}

TEST_F(TillFilesTest, TheOutboxKeepsTheOrderBillsWerePaidInAcrossRestarts) {
  {
    TillState state(dir_.string(), "t1", &disk_);
    ASSERT_TRUE(state.Init().ok());
    for (const char* id : {"c", "a", "b"})
      ASSERT_TRUE(state.SaveToOutbox(Bill(id, id)).ok());
    EXPECT_EQ(Ids(state.LoadOutbox().value()), (std::vector<std::string>{"c", "a", "b"}));
    ASSERT_TRUE(state.RemoveFromOutbox("c").ok());
  }
  TillState reopened(dir_.string(), "t1", &disk_);
  ASSERT_TRUE(reopened.Init().ok());
  ASSERT_TRUE(reopened.SaveToOutbox(Bill("0", "0")).ok());  // after those kept before
  ASSERT_TRUE(reopened.SaveToOutbox(Bill("a", "a-again")).ok());  // same id: same place
  const auto bills = reopened.LoadOutbox().value();
  EXPECT_EQ(Ids(bills), (std::vector<std::string>{"a", "b", "0"}));
  EXPECT_EQ(bills[0].bill_number(), "a-again");
  ASSERT_TRUE(reopened.MoveToRejected("b").ok());
  EXPECT_EQ(Files(),
            (std::vector<std::string>{"outbox/000000000002-a.pb",
                                      "outbox/000000000004-0.pb", "rejected/b.pb"}));
  EXPECT_EQ(Ids(reopened.LoadOutbox().value()), (std::vector<std::string>{"a", "0"}));
}

TEST_F(TillFilesTest, AFailedSaveLeavesNothingToSendAndARetryTakesItsPlace) {
  TillState state(dir_.string(), "t1", &disk_);
  ASSERT_TRUE(state.Init().ok());
  ASSERT_TRUE(state.SaveToOutbox(Bill("first", "1")).ok());
  disk_.space_left = 1;
  EXPECT_FALSE(state.SaveToOutbox(Bill("second", "2")).ok());
  EXPECT_EQ(Ids(state.LoadOutbox().value()), std::vector<std::string>{"first"});
  disk_.space_left = -1;
  ASSERT_TRUE(state.SaveToOutbox(Bill("second", "2")).ok());
  EXPECT_EQ(Ids(state.LoadOutbox().value()),
            (std::vector<std::string>{"first", "second"}));
  for (const auto& f : Files()) EXPECT_EQ(f.find(".tmp"), std::string::npos) << f;
}

// Found by the fault suite (disk_readonly): a bill acknowledged while the disk
// was read-only stayed in the outbox until the till restarted.
TEST_F(TillFilesTest, ARemovalTheDiskRefusedIsDoneOnceTheDiskAllowsIt) {
  TillState state(dir_.string(), "t1", &disk_);
  ASSERT_TRUE(state.Init().ok());
  for (const char* id : {"first", "second", "third"})
    ASSERT_TRUE(state.SaveToOutbox(Bill(id, id)).ok());
  disk_.read_only = true;
  EXPECT_FALSE(state.RemoveFromOutbox("first").ok());
  EXPECT_EQ(state.removals_pending(), 1u);
  disk_.read_only = false;
  ASSERT_TRUE(state.RemoveFromOutbox("second").ok());  // takes "first" along
  EXPECT_EQ(state.removals_pending(), 0u);
  EXPECT_EQ(Ids(state.LoadOutbox().value()), std::vector<std::string>{"third"});

  disk_.read_only = true;
  EXPECT_FALSE(state.RemoveFromOutbox("third").ok());
  disk_.read_only = false;
  ASSERT_TRUE(state.SaveToOutbox(Bill("fourth", "4")).ok());  // a save retries too
  EXPECT_EQ(Ids(state.LoadOutbox().value()), std::vector<std::string>{"fourth"});
  TillState reopened(dir_.string(), "t1", &disk_);
  ASSERT_TRUE(reopened.Init().ok());
  EXPECT_EQ(Ids(reopened.LoadOutbox().value()), std::vector<std::string>{"fourth"});
}

TEST_F(TillFilesTest, AnUnreadableOutboxFileIsSetAsideAndTheRestStillLoads) {
  fs::create_directories(dir_ / "outbox");
  std::ofstream(dir_ / "outbox" / "000000000001-x.pb") << "\xff\xff not a bill";
  // A bill kept by a version whose outbox had no order.
  std::ofstream(dir_ / "outbox" / "old.pb") << Bill("old", "9").SerializeAsString();
  std::ofstream(dir_ / "outbox" / "000000000002-y.pb.tmp") << "torn";
  TillState state(dir_.string(), "t1", &disk_);
  ASSERT_TRUE(state.Init().ok());
  std::vector<std::string> problems;
  EXPECT_EQ(Ids(state.LoadOutbox(&problems).value()), std::vector<std::string>{"old"});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("000000000001-x.pb"), std::string::npos) << problems[0];
  EXPECT_TRUE(fs::exists(dir_ / "rejected" / "000000000001-x.pb.corrupt"));
  EXPECT_FALSE(fs::exists(dir_ / "outbox" / "000000000002-y.pb.tmp"));
}

TEST(TillState, PersistsTheCounterAndTheOutbox) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("tillstate-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    TillState state(dir.string(), "t1");
    ASSERT_TRUE(state.Init().ok());
    EXPECT_EQ(state.NextBillNumber().value(), "t1-000001");
    EXPECT_EQ(state.NextBillNumber().value(), "t1-000002");
    pos::v1::SubmitBill bill;
    bill.set_bill_id("b1");
    bill.set_bill_number("t1-000002");
    ASSERT_TRUE(state.SaveToOutbox(bill).ok());
  }
  TillState reopened(dir.string(), "t1");
  ASSERT_TRUE(reopened.Init().ok());
  EXPECT_EQ(reopened.NextBillNumber().value(), "t1-000003");  // survives a restart
  auto outbox = reopened.LoadOutbox();
  ASSERT_TRUE(outbox.ok());
  ASSERT_EQ(outbox->size(), 1u);
  EXPECT_EQ((*outbox)[0].bill_number(), "t1-000002");
  ASSERT_TRUE(reopened.RemoveFromOutbox("b1").ok());
  EXPECT_TRUE(reopened.LoadOutbox()->empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tillstream
