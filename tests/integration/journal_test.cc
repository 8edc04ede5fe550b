// The tamper-evident journal through posd against PostgreSQL: every sale,
// return, tagging and deletion is chained per till in its own transaction,
// a replay or a refused bill adds nothing, two posd appending to one till
// keep the numbers gapless, and a bill edited straight in PostgreSQL is
// named by the check.
#include "server/domain/journal/journal.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "pos/v1/journal.grpc.pb.h"
#include "tests/integration/loyalty_fixture.h"

namespace tillstream {
namespace {

class JournalTest : public LoyaltyTest {
 protected:
  grpc::Status CallVerify(const std::string& org, const std::string& store,
                          const std::string& till, pos::v1::JournalVerification* out) {
    auto stub = pos::v1::JournalService::NewStub(MakeChannel(target_));
    pos::v1::VerifyJournalRequest req;
    req.set_org_id(org);
    req.set_store_id(store);
    req.set_till_id(till);
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    return stub->VerifyJournal(&ctx, req, out);
  }

  pos::v1::JournalVerification Verify(const std::string& store = "",
                                      const std::string& till = "") {
    pos::v1::JournalVerification out;
    const grpc::Status s = CallVerify(org_, store, till, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static std::string FirstFinding(const pos::v1::JournalVerification& v) {
    for (const auto& till : v.tills()) {
      if (till.findings_size() > 0) return till.findings(0).message();
    }
    return "";
  }

  std::string Entries() {
    return Count(
        "SELECT count(*) || ':' || coalesce(min(seq), 0) || '-' || coalesce(max(seq), 0)"
        " FROM journal_entries WHERE org_id = $1");
  }

  // A return of one unit of line 1 of `original`, refunded in cash.
  absl::StatusOr<pos::v1::BillReceipt> ReturnOne(TillClient& client,
                                                 const std::string& original) {
    TillRequest s;
    auto* bill = s.mutable_submit_bill();
    bill->set_bill_id(NewUuid());
    bill->set_bill_number("R-" + bill->bill_id().substr(0, 8));
    bill->mutable_billing_time()->set_seconds(absl::ToUnixSeconds(now_));
    bill->mutable_client_total()->set_currency("EUR");
    bill->mutable_client_total()->set_minor_units(-119);
    auto* of = bill->mutable_return_of();
    of->set_bill_id(original);
    of->set_type(pos::v1::LINE_ITEM);
    of->set_reason("wrong size");
    auto* line = of->add_lines();
    line->set_original_line_no(1);
    line->set_quantity_milli(1000);
    *bill->add_tenders() = Tender(pos::v1::CASH, 119);  // paid out
    auto stored = client.Call(s);
    if (!stored.ok()) return stored.status();
    return stored->bill();
  }
};

TEST_F(JournalTest, EveryBillEventIsChainedAndAnEditedBillIsNamed) {
  const std::string jane = Enrol("+4915100000021").customer().customer_id();
  pos::v1::LoyaltyConfig config;
  config.set_retro_tag_enabled(true);
  config.set_retro_tag_max_age_days(3);
  ASSERT_TRUE(SetLoyalty(config).ok());
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  auto anonymous = client.Call(Sale(2, ""));
  const TillRequest janes = Sale(1, jane);
  auto jane_sale = client.Call(janes);
  auto third = client.Call(Sale(3, ""));
  ASSERT_TRUE(anonymous.ok() && jane_sale.ok() && third.ok());
  auto refund = ReturnOne(client, third->bill().bill_id());
  ASSERT_TRUE(refund.ok()) << refund.status();
  // A resend is answered from what was stored and journals nothing.
  auto again = client.Call(janes);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->bill().replayed());
  EXPECT_EQ(Entries(), "4:1-4");

  pos::v1::TagBillRequest tag;
  tag.set_org_id(org_);
  tag.mutable_tag()->set_bill_id(anonymous->bill().bill_id());
  tag.mutable_tag()->set_customer_id(jane);
  tag.set_tagged_by("ops@store");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::TagBill, tag).ok());
  pos::v1::DeleteBillRequest del;
  del.set_org_id(org_);
  del.set_bill_id(jane_sale->bill().bill_id());
  del.set_deleted_by("manager");
  del.set_reason("rung twice");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::DeleteBill, del).ok());
  EXPECT_EQ(Entries(), "6:1-6");
  EXPECT_EQ(Count("SELECT string_agg(record_type::text, ',' ORDER BY seq)"
                  " FROM journal_entries WHERE org_id = $1"),
            "1,1,1,2,4,3");  // sale x3, return, tagging, deletion

  pos::v1::JournalVerification clean = Verify();
  ASSERT_EQ(clean.tills_size(), 1);
  EXPECT_TRUE(clean.ok()) << FirstFinding(clean);
  EXPECT_EQ(clean.tills(0).entries(), 6);
  EXPECT_EQ(clean.tills(0).bills(), 4);
  EXPECT_EQ(clean.tills(0).head_seq(), 6);
  EXPECT_EQ(clean.tills(0).head_hash().size(), 64u);
  EXPECT_EQ(clean.tills(0).head_hash(),
            Count("SELECT last_hash FROM journal_heads WHERE org_id = $1"));

  // Someone with database access lowers a bill's total.
  const std::string edited = third->bill().bill_id();
  PgEnvironment::Query(
      "UPDATE bills SET total_minor = total_minor - 100 WHERE org_id = $1 AND bill_id = "
      "'" +
          edited + "'::uuid RETURNING 1",
      org_);
  pos::v1::JournalVerification tampered = Verify("s1", "t1");
  ASSERT_EQ(tampered.tills_size(), 1);
  EXPECT_FALSE(tampered.ok());
  ASSERT_EQ(tampered.tills(0).findings_total(), 1);
  EXPECT_EQ(tampered.tills(0).findings(0).record_id(), edited);
  EXPECT_EQ(tampered.tills(0).findings(0).seq(), 3);
  EXPECT_NE(tampered.tills(0).findings(0).message().find("in: total_minor"),
            std::string::npos)
      << tampered.tills(0).findings(0).message();

  // The entries themselves cannot be changed or removed through SQL.
  EXPECT_THROW(
      PgEnvironment::Query(
          "UPDATE journal_entries SET payload = '{}' WHERE org_id = $1 RETURNING 1",
          org_),
      std::exception);
  EXPECT_THROW(PgEnvironment::Query(
                   "DELETE FROM journal_entries WHERE org_id = $1 RETURNING 1", org_),
               std::exception);
}

TEST_F(JournalTest, AnEntryRewrittenBehindTheTriggersBackBreaksTheChain) {
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(client.Call(Sale(i, "")).ok());
  // A superuser can switch the trigger off; the hashes still tell.
  {
    pqxx::connection c(PgEnvironment::url());
    pqxx::work tx(c);
    tx.exec("ALTER TABLE journal_entries DISABLE TRIGGER journal_entries_append_only");
    tx.exec_params(
        "UPDATE journal_entries SET payload = replace(payload, '\"total_minor\":238',"
        " '\"total_minor\":1') WHERE org_id = $1 AND seq = 2",
        org_);
    tx.exec_params(
        "UPDATE bills SET total_minor = 1 WHERE org_id = $1 AND total_minor = 238", org_);
    tx.exec("ALTER TABLE journal_entries ENABLE TRIGGER journal_entries_append_only");
    tx.commit();
  }
  pos::v1::JournalVerification v = Verify();
  EXPECT_FALSE(v.ok());
  ASSERT_EQ(v.tills(0).findings_total(), 1) << FirstFinding(v);
  EXPECT_EQ(v.tills(0).findings(0).seq(), 2);
  EXPECT_NE(FirstFinding(v).find("does not match its hash"), std::string::npos)
      << FirstFinding(v);
}

TEST_F(JournalTest, ARefusedBillJournalsNothingAndLeavesNoGap) {
  const std::string jane = Enrol("+4915100000022").customer().customer_id();
  TillClient client(Options());
  ASSERT_TRUE(client.Connect().ok());
  ASSERT_TRUE(client.Call(Sale(1, jane)).ok());
  // Points Jane does not have: refused after the bill's statement ran.
  auto refused = client.Call(Sale(2, jane, {Tender(pos::v1::POINTS, 100)}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(Entries(), "1:1-1");
  ASSERT_TRUE(client.Call(Sale(1, "")).ok());
  EXPECT_EQ(Entries(), "2:1-2");
  EXPECT_TRUE(Verify().ok());
}

TEST_F(JournalTest, TwoServersAppendingToOneTillKeepItsNumbersGapless) {
  auto second = testing::StartTestServer();
  ASSERT_TRUE(second.ok()) << second.status();
  TillClientOptions via_first = Options();
  TillClientOptions via_second = Options();
  via_second.server = "127.0.0.1:" + std::to_string((*second)->port());
  constexpr int kEach = 25;
  std::atomic<int> stored{0};
  std::vector<std::thread> tills;
  for (const TillClientOptions& o : {via_first, via_second}) {
    tills.emplace_back([&, o] {
      TillClient client(o);
      if (!client.Connect().ok()) return;
      for (int i = 0; i < kEach; ++i) {
        const TillRequest bill = Sale(1 + i % 3, "");
        if (client.Call(bill).ok()) ++stored;
        if (i % 5 == 0) client.Call(bill).IgnoreError();  // a retry: replayed
      }
    });
  }
  for (auto& t : tills) t.join();
  ASSERT_EQ(stored.load(), 2 * kEach);
  EXPECT_EQ(Entries(), "50:1-50");
  pos::v1::JournalVerification v = Verify();
  EXPECT_TRUE(v.ok()) << FirstFinding(v);
  EXPECT_EQ(v.tills(0).head_seq(), 50);
}

TEST_F(JournalTest, TheEntriesAreReadAPageAtATimeAndRecomputeToTheHead) {
  ASSERT_TRUE(AddTill("s1", "t2").ok());
  for (const char* till : {"t1", "t2"}) {
    TillClient client(Options(till));
    ASSERT_TRUE(client.Connect().ok());
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(client.Call(Sale(i, "")).ok());
  }
  auto stub = pos::v1::JournalService::NewStub(MakeChannel(target_));
  pos::v1::ReadJournalRequest req;
  req.set_org_id(org_);
  req.set_page_size(4);
  std::vector<pos::v1::JournalEntry> entries;
  int pages = 0;
  do {
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    pos::v1::JournalPage page;
    ASSERT_TRUE(stub->ReadJournal(&ctx, req, &page).ok());
    entries.insert(entries.end(), page.entries().begin(), page.entries().end());
    req.set_page_token(page.next_page_token());
    ++pages;
  } while (!req.page_token().empty());
  EXPECT_EQ(pages, 2);
  ASSERT_EQ(entries.size(), 6u);
  // Each till's entries, in order, recompute to the hash its head holds.
  std::string prev = kGenesisHash;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i == 3) prev = kGenesisHash;  // t2 starts its own chain
    EXPECT_EQ(entries[i].till_id(), i < 3 ? "t1" : "t2");
    EXPECT_EQ(entries[i].seq(), static_cast<int64_t>(i % 3 + 1));
    EXPECT_EQ(entries[i].record(), "sale");
    EXPECT_EQ(EntryHash(prev, entries[i].seq(), entries[i].payload()),
              entries[i].entry_hash());
    prev = entries[i].entry_hash();
  }
  EXPECT_EQ(prev, Count("SELECT last_hash FROM journal_heads WHERE org_id = $1"
                        " AND till_id = 't2'"));
}

TEST_F(JournalTest, AskingForATillNeedsItsStoreAndAKnownTill) {
  const auto call = [&](const std::string& org, const std::string& store,
                        const std::string& till) {
    pos::v1::JournalVerification out;
    return CallVerify(org, store, till, &out).error_code();
  };
  EXPECT_EQ(call(org_, "", "t1"), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(call(org_, "s1", "no-such-till"), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(call("no-such-org", "", ""), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(call(org_, "bad store!", ""), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(call(org_, "s1", "t1"), grpc::StatusCode::OK);
}

}  // namespace
}  // namespace tillstream
