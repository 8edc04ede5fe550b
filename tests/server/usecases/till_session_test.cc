#include "server/usecases/till_session.h"

#include <gtest/gtest.h>

#include "tests/support/fake_repositories.h"

namespace tillstream {
namespace {

class TillSessionTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::SeedAcme(repos_); }

  BillInput Bill(std::vector<BillLineInput> lines, int64_t total) {
    BillInput in;
    in.bill_id = "123e4567-e89b-42d3-a456-426614174000";
    in.bill_number = "t1-1";
    in.billing_time = now_;
    in.lines = std::move(lines);
    in.tenders = {{TenderType::kCash, total, ""}};
    in.client_currency = "EUR";
    in.client_total_minor = total;
    return in;
  }

  testing::FakeRepositories repos_;
  absl::Time now_ = absl::FromUnixSeconds(1763800000);
  TillSession session_{repos_.AsRepositories(), [this] { return now_; }};
};

TEST_F(TillSessionTest, EverythingBeforeHelloIsRefused) {
  EXPECT_EQ(session_.Scan("4001", 1000).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(session_.Submit(Bill({{1, "A1", 1000}}, 119)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(session_.Cancel().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(repos_.bill_count(), 0u);
}

TEST_F(TillSessionTest, HelloForAnUnknownTillIsNotFound) {
  EXPECT_EQ(session_.Hello("acme", "s1", "t9").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(session_.Hello("acme", "s 1", "t1").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(TillSessionTest, ASessionBelongsToOneTill) {
  ASSERT_TRUE(session_.Hello("acme", "s1", "t1").ok());
  EXPECT_TRUE(session_.Hello("acme", "s1", "t1").ok());
  ASSERT_TRUE(repos_.CreateTill({"acme", "s1", "t2"}).ok());
  EXPECT_EQ(session_.Hello("acme", "s1", "t2").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(TillSessionTest, ScansKeepARunningTotalAndVoidsRemoveLines) {
  ASSERT_TRUE(session_.Hello("acme", "s1", "t1").ok());
  auto a = session_.Scan("4001", 2000);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->line.line_no, 1);
  EXPECT_EQ(a->running_total_minor, 238);
  auto b = session_.Scan("4002", 500);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->line.line_no, 2);
  EXPECT_EQ(b->running_total_minor, 238 + 150);  // 1.495 -> 1.50
  auto v = session_.Void(1);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->running_total_minor, 150);
  EXPECT_EQ(session_.Void(1).status().code(), absl::StatusCode::kNotFound);
  // Numbers keep counting after a void, so the till's numbering stays stable.
  EXPECT_EQ(session_.Scan("4001", 1000)->line.line_no, 3);
}

TEST_F(TillSessionTest, BadScansAreAnsweredAndTheSessionGoesOn) {
  ASSERT_TRUE(session_.Hello("acme", "s1", "t1").ok());
  EXPECT_EQ(session_.Scan("999", 1000).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(session_.Scan("4001", -1000).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(session_.Scan("40 01", 1000).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(session_.Scan(std::string(49, '1'), 1000).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(session_.Scan("4001", 1000).ok());
}

TEST_F(TillSessionTest, SubmitStoresOnceAndReplaysTheOriginal) {
  ASSERT_TRUE(session_.Hello("acme", "s1", "t1").ok());
  auto first = session_.Submit(Bill({{1, "A1", 1000}}, 119));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->replayed);
  auto again = session_.Submit(Bill({{1, "A1", 1000}}, 119));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->bill.total_minor, 119);
  auto reused = session_.Submit(Bill({{1, "A1", 2000}}, 238));
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(repos_.bill_count(), 1u);
}

TEST_F(TillSessionTest, SubmitWithAnUnknownCustomerStoresNothing) {
  ASSERT_TRUE(session_.Hello("acme", "s1", "t1").ok());
  BillInput in = Bill({{1, "A1", 1000}}, 119);
  in.customer_id = "00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(session_.Submit(in).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(repos_.bill_count(), 0u);
}

TEST_F(TillSessionTest, SubmitWithAMismatchedTotalStoresNothing) {
  ASSERT_TRUE(session_.Hello("acme", "s1", "t1").ok());
  EXPECT_EQ(session_.Submit(Bill({{1, "A1", 1000}}, 120)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(repos_.bill_count(), 0u);
}

}  // namespace
}  // namespace tillstream
