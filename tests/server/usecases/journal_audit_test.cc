// JournalAudit over in-memory repositories: what it validates, which tills
// it asks the storage for, and that each till's chain is checked.
#include "server/usecases/journal_audit.h"

#include <gtest/gtest.h>

#include <map>

#include "server/domain/journal/journal_payloads.h"
#include "tests/support/fake_repositories.h"

namespace tillstream {
namespace {

class FakeJournal : public JournalRepository {
 public:
  absl::StatusOr<std::vector<TillKey>> JournalTills(const std::string& org_id,
                                                    const std::string& store_id,
                                                    const std::string& till_id) override {
    std::vector<TillKey> out;
    for (const auto& [key, journal] : tills) {
      if (key.org_id == org_id && (store_id.empty() || key.store_id == store_id) &&
          (till_id.empty() || key.till_id == till_id)) {
        out.push_back(key);
      }
    }
    return out;
  }
  absl::StatusOr<TillJournal> LoadTillJournal(const TillKey& till) override {
    ++loads;
    return tills.at(till);
  }
  absl::StatusOr<std::vector<TillEntry>> ReadEntries(
      const std::string& org_id, const std::string& store_id, const std::string& till_id,
      const std::optional<JournalCursor>& after, int limit) override {
    std::vector<TillEntry> out;
    const std::vector<TillKey> keys = *JournalTills(org_id, store_id, till_id);
    for (const TillKey& key : keys) {
      for (const JournalEntry& e : tills.at(key).entries) {
        if (after && std::tie(key.store_id, key.till_id, e.seq) <=
                         std::tie(after->store_id, after->till_id, after->seq)) {
          continue;
        }
        if (static_cast<int>(out.size()) < limit) out.push_back({key, e});
      }
    }
    return out;
  }
  std::map<TillKey, TillJournal> tills;
  int loads = 0;
};

class JournalAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::SeedAcme(repos_);
    for (const char* till : {"t1", "t2"}) {
      const TillKey key{"acme", "s1", till};
      TillJournal journal;
      journal.till = key;
      Bill bill;
      bill.org_id = "acme";
      bill.store_id = "s1";
      bill.till_id = till;
      bill.bill_id = std::string("b-") + till;
      const std::string payload = BillPayload(bill);
      const std::string hash = EntryHash(kGenesisHash, 1, payload);
      journal.entries.push_back({1, JournalRecord::kSale, bill.bill_id, payload, hash});
      journal.head = {1, hash};
      journal.bills.push_back(bill);
      journal_.tills[key] = journal;
    }
  }
  testing::FakeRepositories repos_;
  FakeJournal journal_;
  JournalAudit audit_{repos_.AsRepositories(), &journal_};
};

TEST_F(JournalAuditTest, ChecksEveryTillOfTheOrgOrOnlyTheOneAskedFor) {
  auto all = audit_.Verify("acme", "", "");
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_TRUE((*all)[0].ok() && (*all)[1].ok());
  auto one = audit_.Verify("acme", "s1", "t2");
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].till.till_id, "t2");
  EXPECT_EQ(journal_.loads, 3);

  journal_.tills[{"acme", "s1", "t2"}].bills[0].total_minor =
      5;  // edited behind its back
  auto edited = audit_.Verify("acme", "s1", "");
  ASSERT_TRUE(edited.ok());
  EXPECT_TRUE((*edited)[0].ok());
  EXPECT_FALSE((*edited)[1].ok());
}

TEST_F(JournalAuditTest, RefusesBadInputBeforeReadingAnything) {
  EXPECT_EQ(audit_.Verify("", "", "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(audit_.Verify("acme", "", "t1").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(audit_.Verify("acme", "s 1", "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(audit_.Verify("nobody", "", "").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(audit_.Verify("acme", "s1", "t9").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(journal_.loads, 0);
}

TEST_F(JournalAuditTest, EntriesComeAPageAtATimeAcrossTills) {
  auto first = audit_.ReadEntries("acme", "", "", 1, "");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->entries.size(), 1u);
  EXPECT_EQ(first->entries[0].till.till_id, "t1");
  EXPECT_EQ(first->next_page_token, "s1/t1/1");
  auto second = audit_.ReadEntries("acme", "", "", 1, first->next_page_token);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->entries.size(), 1u);
  EXPECT_EQ(second->entries[0].till.till_id, "t2");
  EXPECT_EQ(second->next_page_token, "");  // the last page
  EXPECT_EQ(audit_.ReadEntries("acme", "", "", 0, "")->entries.size(), 2u);
  for (const char* bad : {"s1/t1", "s1/t1/0", "s1/t 1/3", "x"}) {
    EXPECT_EQ(audit_.ReadEntries("acme", "", "", 1, bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_EQ(audit_.ReadEntries("acme", "", "", 1001, "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tillstream
