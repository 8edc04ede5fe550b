// A till cut off from posd keeps selling from its catalog copy, then sends
// what it rang: every bill stored exactly once, with the warnings the
// offline rules give (a price changed meanwhile, a limit it could not check),
// and listed in the day summary. The till is the real console, outbox
// sender and catalog follower over links whose LAN can be cut.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/till_client.h"
#include "common/ids.h"
#include "terminal/catalog_follower.h"
#include "terminal/console.h"
#include "terminal/local_catalog.h"
#include "terminal/outbox_sender.h"
#include "terminal/till_state.h"
#include "tests/support/cuttable_link.h"
#include "tests/support/scratch_dir.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using testing::AdminKey;
using testing::PgEnvironment;

class OfflineSellingTest : public testing::ServerTest {
 protected:
  template <typename Req, typename Resp>
  Resp Admin(grpc::Status (pos::v1::AdminService::Stub::*method)(grpc::ClientContext*,
                                                                 const Req&, Resp*),
             const Req& req) {
    Resp resp;
    const grpc::Status s = AdminCall(method, req, AdminKey(), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  void SetRules() {
    pos::v1::GetBillingConfigRequest get;
    get.set_org_id(org_);
    const auto current = Admin(&pos::v1::AdminService::Stub::GetBillingConfig, get);
    pos::v1::SetBillingConfigRequest set;
    set.set_org_id(org_);
    *set.mutable_config() = current.config();
    set.mutable_config()->mutable_max_amount()->set_minor_units(500);
    set.mutable_config()->mutable_max_amount()->set_currency("EUR");
    set.mutable_config()->set_out_of_range_action(pos::v1::REJECT);
    set.mutable_config()->set_offline_price_grace_seconds(1);
    set.set_expected_version(current.version());
    set.set_changed_by("ops@test");
    set.set_reason("offline test");
    Admin(&pos::v1::AdminService::Stub::SetBillingConfig, set);
  }

  void AddBread() {
    pos::v1::UpsertItemsRequest up;
    up.set_org_id(org_);
    auto* item = up.add_items();
    item->set_sku("B1");
    item->set_name("Bread");
    item->mutable_unit_price()->set_minor_units(200);
    item->mutable_unit_price()->set_currency("EUR");
    item->set_tax_rate_bp(700);
    item->set_unit(pos::v1::EACH);
    item->add_barcodes("4002");
    Admin(&pos::v1::AdminService::Stub::UpsertItems, up);
  }

  std::string Output() {
    std::lock_guard<std::mutex> lock(out_mu_);
    return out_;
  }

  std::mutex out_mu_;
  std::string out_;
};

template <typename Pred>
bool Eventually(Pred pred, std::chrono::seconds limit = std::chrono::seconds(20)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

TEST_F(OfflineSellingTest, TwentyBillsRungOfflineAreStoredOnceWithTheFlagsTheRuleGives) {
  SetRules();
  AddBread();  // version 2: milk 1.19, bread 2.00
  ScratchDir dir("offline_till");
  TillState state(dir.path().string(), "t1");
  ASSERT_TRUE(state.Init().ok());
  LocalCatalog catalog(dir.path().string());
  ASSERT_TRUE(catalog.Load().ok());

  std::atomic<bool> cut{false};
  Console* console = nullptr;
  TillClientOptions options = Options();
  options.max_attempts = 1;

  CatalogFollower::Reports reports;
  reports.reachable = [&console] {
    if (console != nullptr) console->OnServerReachable();
  };
  const RetryPauses quick{std::chrono::milliseconds(20), std::chrono::milliseconds(100)};
  CatalogFollower follower(std::make_unique<CuttableLink>(options, &cut), &catalog,
                           reports, quick);
  std::mutex sent_mu;
  std::vector<pos::v1::SubmitBill> sent;
  OutboxSender sender(
      std::make_unique<CuttableLink>(options, &cut), &state,
      [&](const pos::v1::SubmitBill& bill,
          const absl::StatusOr<pos::v1::BillReceipt>& r) {
        {
          std::lock_guard<std::mutex> lock(sent_mu);
          sent.push_back(bill);
        }
        console->OnSent(bill, r);
      },
      quick);
  CuttableLink link(options, &cut, [&follower](const pos::v1::TillResponse& push) {
    if (push.has_catalog()) follower.Offer(push.catalog());
  });
  Console till(
      &link, &state, &sender,
      [this](const std::string& text) {
        std::lock_guard<std::mutex> lock(out_mu_);
        out_ += text;
      },
      &catalog, &follower);
  console = &till;
  auto hello = link.Connect();
  ASSERT_TRUE(hello.ok()) << hello.status();
  ASSERT_EQ(hello->catalog_version(), 2);
  follower.Want(hello->catalog_id(), hello->catalog_version());
  ASSERT_TRUE(follower.WaitFor("main", 2, std::chrono::seconds(10)));
  // The server hears that this till holds version 2.
  ASSERT_TRUE(Eventually([&] {
    return PgEnvironment::Query(
               "SELECT coalesce(held_catalog_version, 0)::text FROM tills WHERE org_id = "
               "$1 AND till_id = 't1'",
               org_) == "2";
  }));

  // The LAN goes down: ten sales, the tenth above the 5.00 the rules reject.
  cut = true;
  for (int i = 0; i < 10; ++i) {
    till.Execute("4001");
    till.Execute("4002");
    if (i == 9) {
      till.Execute("qty 2");
      till.Execute("4002");
    }
    till.Execute("pay cash");
  }
  ASSERT_TRUE(till.offline());
  // Milk goes up to 1.29 meanwhile (version 3), which the till cannot hear;
  // after the grace of one second its price no longer stands.
  ASSERT_TRUE(SetPrice(129).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  for (int i = 0; i < 10; ++i) {
    till.Execute("4001");
    till.Execute("customer +4915112345678");  // needs the server: refused
    till.Execute("pay card");
  }
  EXPECT_EQ(CountBills(), "0");
  EXPECT_EQ(sender.pending(), 20u);

  // The link returns: the outbox drains in order, the till goes online.
  cut = false;
  ASSERT_TRUE(Eventually([&] { return sender.pending() == 0; })) << Output();
  ASSERT_TRUE(Eventually([&] {
    till.Execute("total");  // between sales: the till looks whether it is back
    return !till.offline();
  }));
  ASSERT_TRUE(follower.WaitFor("main", 3, std::chrono::seconds(10)));

  EXPECT_EQ(CountBills(), "20");
  EXPECT_EQ(PgEnvironment::Query(
                "SELECT count(DISTINCT bill_number)::text FROM bills WHERE org_id = $1 "
                "AND offline AND catalog_version = 2",
                org_),
            "20");
  // A lost acknowledgement: the same bill again is the replay, stored once.
  {
    std::lock_guard<std::mutex> lock(sent_mu);
    ASSERT_EQ(sent.size(), 20u);
    TillClient again(Options());
    ASSERT_TRUE(again.Connect().ok());
    pos::v1::TillRequest resend;
    *resend.mutable_submit_bill() = sent[4];
    auto replay = again.Call(resend);
    ASSERT_TRUE(replay.ok()) << replay.status();
    EXPECT_TRUE(replay->bill().replayed());
    EXPECT_TRUE(replay->bill().offline());
  }
  EXPECT_EQ(CountBills(), "20");

  pos::v1::DaySummaryRequest day;
  day.set_org_id(org_);
  absl::TimeZone berlin;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Berlin", &berlin));
  day.set_business_date(absl::FormatTime("%Y-%m-%d", now_, berlin));
  const auto summary = Admin(&pos::v1::AdminService::Stub::DaySummary, day);
  ASSERT_EQ(summary.offline_bills_size(), 20);
  for (int i = 0; i < 20; ++i) {
    const pos::v1::OfflineBill& b = summary.offline_bills(i);
    const std::string notes = absl::StrJoin(b.warnings(), " | ");
    EXPECT_EQ(b.bill_number(), absl::StrCat("t1-", absl::StrFormat("%06d", i + 1)));
    EXPECT_EQ(b.catalog_version(), 2);
    if (i < 9) {
      // Priced from the version current at the billing time: it stands.
      EXPECT_TRUE(b.warnings().empty()) << b.bill_number() << ": " << notes;
      EXPECT_EQ(b.total().minor_units(), 319);
    } else if (i == 9) {
      // Above the maximum the rules REJECT: stored, it was paid.
      EXPECT_EQ(b.total().minor_units(), 719);
      EXPECT_NE(notes.find("above the maximum 5.00"), std::string::npos) << notes;
      EXPECT_NE(notes.find("paid offline"), std::string::npos) << notes;
    } else {
      // Milk at 1.19 from version 2, 1.29 in version 3 for more than the grace.
      EXPECT_EQ(b.total().minor_units(), 119);
      EXPECT_NE(
          notes.find("line 1 (A1 Milk): priced 1.19 offline from version 2, 1.29 in "
                     "version 3"),
          std::string::npos)
          << notes;
      EXPECT_NE(notes.find("difference -0.10 EUR"), std::string::npos) << notes;
    }
  }
  pos::v1::GetBillRequest get;
  get.set_org_id(org_);
  get.set_bill_id(summary.offline_bills(9).bill_id());
  const auto outlier = Admin(&pos::v1::AdminService::Stub::GetBill, get);
  EXPECT_EQ(outlier.status(), pos::v1::OUTLIER);
  EXPECT_TRUE(outlier.offline());

  const std::string out = Output();
  EXPECT_NE(out.find("OFFLINE: the back office cannot be reached"), std::string::npos)
      << out;
  EXPECT_NE(out.find("! customer needs the back office"), std::string::npos);
  EXPECT_NE(out.find("back office reachable again"), std::string::npos);
  sender.Finish();
  follower.Stop();
}

// Only a malformed offline bill is refused: a version that does not exist,
// an item its version lacks, points (which need the server).
TEST_F(OfflineSellingTest, MalformedOfflineBillsAreRefusedAndStoreNothing) {
  TillClient till(Options());
  ASSERT_TRUE(till.Connect().ok());
  const auto offline = [&](int version, const std::string& sku,
                           pos::v1::TenderType type) {
    pos::v1::TillRequest r = Submit(NewUuid(), 1, 119);
    r.mutable_submit_bill()->mutable_lines(0)->set_sku(sku);
    r.mutable_submit_bill()->mutable_tenders(0)->set_type(type);
    r.mutable_submit_bill()->mutable_offline()->set_catalog_id("main");
    r.mutable_submit_bill()->mutable_offline()->set_catalog_version(version);
    return till.Call(r);
  };
  auto ahead = offline(7, "A1", pos::v1::CASH);
  EXPECT_EQ(ahead.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(ahead.status().message().find("no version 7"), std::string::npos)
      << ahead.status();
  auto unknown = offline(1, "Z9", pos::v1::CASH);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound) << unknown.status();
  auto points = offline(1, "A1", pos::v1::POINTS);
  EXPECT_EQ(points.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(points.status().message().find("need the server"), std::string::npos);
  EXPECT_EQ(CountBills(), "0");
  auto good = offline(1, "A1", pos::v1::CASH);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_TRUE(good->bill().offline());
  EXPECT_EQ(good->bill().catalog_version(), 1);
}

}  // namespace
}  // namespace tillstream
