#include "server/domain/journal/journal.h"

#include <gtest/gtest.h>

#include <string>

#include "common/digest.h"
#include "server/domain/journal/journal_check.h"
#include "server/domain/journal/journal_payloads.h"

namespace tillstream {
namespace {

Bill Sale(const std::string& id, int64_t total) {
  Bill b;
  b.org_id = "acme";
  b.store_id = "s1";
  b.till_id = "t1";
  b.bill_id = id;
  b.bill_number = "N-" + id;
  b.billing_time = absl::FromUnixMicros(1796000000123456);
  b.business_date = "2026-12-01";
  b.currency = "EUR";
  b.total_minor = total;
  b.tendered_minor = total;
  b.status = BillStatus::kNotInterested;
  PricedLine line;
  line.line_no = 1;
  line.sku = "A";
  line.name = "Apple";
  line.quantity_milli = 1000;
  line.unit_price_minor = total;
  line.amount_minor = total;
  b.lines.push_back(line);
  b.tenders.push_back(Tender{TenderType::kCash, total, ""});
  return b;
}

// A journal as the storage appends it.
class ChainBuilder {
 public:
  void Add(JournalRecord record, const std::string& id, const std::string& payload) {
    JournalEntry e{next_, record, id, payload, EntryHash(prev_, next_, payload)};
    prev_ = e.entry_hash;
    ++next_;
    journal.entries.push_back(e);
    journal.head = JournalHead{e.seq, e.entry_hash};
  }
  TillJournal journal{TillKey{"acme", "s1", "t1"}, {}, {}, {}, 0};

 private:
  std::string prev_ = kGenesisHash;
  int64_t next_ = 1;
};

TEST(JournalTest, TheEntryHashCoversThePreviousHashTheNumberAndThePayload) {
  const std::string h = EntryHash(kGenesisHash, 1, "{}");
  EXPECT_EQ(h, Sha256Hex(std::string(32, '\0') + "1\n{}"));
  EXPECT_NE(h, EntryHash(kGenesisHash, 2, "{}"));
  EXPECT_NE(h, EntryHash(h, 1, "{}"));
  EXPECT_NE(h, EntryHash(kGenesisHash, 1, "{ }"));
}

TEST(JournalTest, APayloadIsCanonicalWhateverTheOrderOfLines) {
  Bill a = Sale("b1", 300);
  PricedLine second = a.lines[0];
  second.line_no = 2;
  second.sku = "B";
  a.lines.push_back(second);
  Bill b = a;
  std::swap(b.lines[0], b.lines[1]);
  EXPECT_EQ(BillPayload(a), BillPayload(b));
  // Sorted keys, no spaces, integers: stable bytes.
  const std::string p = BillPayload(a);
  EXPECT_EQ(p.find(' '), std::string::npos) << p;
  EXPECT_NE(p.find("\"total_minor\":300"), std::string::npos) << p;
  EXPECT_NE(p.find("\"billing_time_us\":1796000000123456"), std::string::npos) << p;
  b.total_minor = 301;
  EXPECT_NE(BillPayload(a), BillPayload(b));
}

TEST(JournalTest, AnIntactJournalMatches) {
  ChainBuilder chain;
  Bill sale = Sale("b1", 250);
  chain.Add(JournalRecord::kSale, "b1", BillPayload(sale));
  Bill other = Sale("b2", 100);
  chain.Add(JournalRecord::kSale, "b2", BillPayload(other));
  // b2 is tagged, then b1 deleted: the stored bills are as after the events.
  other.customer_id = "c-1";
  other.status = BillStatus::kRegular;
  other.tagged_by = "op";
  other.tagged_at = absl::FromUnixSeconds(1796000100);
  chain.Add(JournalRecord::kTagging, "b2", TaggingPayload(other));
  sale.status = BillStatus::kDeleted;
  sale.deleted_by = "op";
  sale.delete_reason = "test sale";
  sale.deleted_at = absl::FromUnixSeconds(1796000200);
  chain.Add(JournalRecord::kDeletion, "b1", DeletionPayload(sale));
  chain.journal.bills = {sale, other};
  const TillJournalCheck check = CheckTillJournal(chain.journal);
  EXPECT_TRUE(check.ok()) << (check.findings.empty() ? "" : check.findings[0].message);
  EXPECT_EQ(check.entries, 4);
  EXPECT_EQ(check.bills, 2);
  EXPECT_EQ(check.head.seq, 4);
}

TEST(JournalTest, ABillChangedAfterwardsIsNamedWithTheFieldsThatDiffer) {
  ChainBuilder chain;
  Bill sale = Sale("b1", 250);
  chain.Add(JournalRecord::kSale, "b1", BillPayload(sale));
  sale.total_minor = 25;  // edited in the database
  sale.tenders[0].amount_minor = 25;
  chain.journal.bills = {sale};
  const TillJournalCheck check = CheckTillJournal(chain.journal);
  ASSERT_FALSE(check.ok());
  ASSERT_EQ(check.findings.size(), 1u);
  EXPECT_EQ(check.findings[0].seq, 1);
  EXPECT_EQ(check.findings[0].record_id, "b1");
  EXPECT_NE(check.findings[0].message.find("differs from its journal entry 1 in: "
                                           "tenders, total_minor"),
            std::string::npos)
      << check.findings[0].message;
}

TEST(JournalTest, ADeletionWithoutItsEntryIsNamed) {
  ChainBuilder chain;
  Bill sale = Sale("b1", 250);
  chain.Add(JournalRecord::kSale, "b1", BillPayload(sale));
  sale.status = BillStatus::kDeleted;  // set in the database, not through the server
  chain.journal.bills = {sale};
  const TillJournalCheck check = CheckTillJournal(chain.journal);
  ASSERT_EQ(check.findings_total, 1);
  EXPECT_NE(check.findings[0].message.find("in: status"), std::string::npos)
      << check.findings[0].message;
}

TEST(JournalTest, AnEntryChangedRemovedOrCutOffIsNamed) {
  ChainBuilder chain;
  for (int i = 1; i <= 5; ++i) {
    const std::string id = "b" + std::to_string(i);
    chain.Add(JournalRecord::kSale, id, BillPayload(Sale(id, 100 * i)));
    chain.journal.bills.push_back(Sale(id, 100 * i));
  }
  {
    TillJournal edited = chain.journal;  // payload and bill both changed
    edited.entries[2].payload = BillPayload(Sale("b3", 1));
    edited.bills[2] = Sale("b3", 1);
    const TillJournalCheck check = CheckTillJournal(edited);
    ASSERT_EQ(check.findings_total, 1);
    EXPECT_EQ(check.findings[0].seq, 3);
    EXPECT_NE(check.findings[0].message.find("does not match its hash"),
              std::string::npos);
  }
  {
    TillJournal removed = chain.journal;  // entry 2 and its bill gone
    removed.entries.erase(removed.entries.begin() + 1);
    removed.bills.erase(removed.bills.begin() + 1);
    const TillJournalCheck check = CheckTillJournal(removed);
    ASSERT_GE(check.findings_total, 1);
    EXPECT_EQ(check.findings[0].seq, 3);
    EXPECT_NE(check.findings[0].message.find("entries 2 to 2 are missing"),
              std::string::npos)
        << check.findings[0].message;
  }
  {
    TillJournal cut = chain.journal;  // the last entry and its bill gone
    cut.entries.pop_back();
    cut.bills.pop_back();
    const TillJournalCheck check = CheckTillJournal(cut);
    ASSERT_EQ(check.findings_total, 1);
    EXPECT_NE(check.findings[0].message.find("head names entry 5"), std::string::npos)
        << check.findings[0].message;
  }
}

TEST(JournalTest, BillsMissingFromEitherSideAreNamed) {
  ChainBuilder chain;
  chain.Add(JournalRecord::kSale, "b1", BillPayload(Sale("b1", 100)));
  chain.journal.bills = {Sale("b2", 100)};  // b1 removed, b2 inserted behind its back
  const TillJournalCheck check = CheckTillJournal(chain.journal);
  ASSERT_EQ(check.findings_total, 2);
  EXPECT_NE(check.findings[0].message.find("bill b1 is in the journal (entry 1) but is "
                                           "no longer stored"),
            std::string::npos)
      << check.findings[0].message;
  EXPECT_EQ(check.findings[1].seq, 0);
  EXPECT_NE(check.findings[1].message.find("is stored but not in the journal"),
            std::string::npos);
}

TEST(JournalTest, AnEventForAnotherBillOrBeforeItsBillIsNamed) {
  ChainBuilder chain;
  Bill tagged = Sale("b1", 100);
  tagged.tagged_by = "op";
  chain.Add(JournalRecord::kTagging, "b1", TaggingPayload(tagged));
  chain.journal.bills = {};
  const TillJournalCheck check = CheckTillJournal(chain.journal);
  ASSERT_GE(check.findings_total, 1);
  EXPECT_NE(check.findings[0].message.find("comes before any entry of that bill"),
            std::string::npos);
  EXPECT_FALSE(
      ApplyEvent(BillPayload(Sale("b1", 1)), TaggingPayload(Sale("b2", 1))).ok());
  EXPECT_FALSE(ApplyEvent("not json", "{}").ok());
}

}  // namespace
}  // namespace tillstream
