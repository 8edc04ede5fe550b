// Web-shop invoices through gRPC against PostgreSQL: users, the whole
// invoice flow (begin, items, payments, commit, redeem, status), every
// refusal, expiry of open invoices, and redemptions racing on two servers.
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "common/ids.h"
#include "common/redemption_code.h"
#include "pos/v1/invoices.grpc.pb.h"
#include "tests/support/server_fixture.h"

namespace tillstream {
namespace {

using pos::v1::AdminService;
using pos::v1::InvoiceService;
using testing::kToken;
using testing::PgEnvironment;

pos::v1::Money Eur(int64_t minor) {
  pos::v1::Money m;
  m.set_minor_units(minor);
  m.set_currency("EUR");
  return m;
}

class InvoiceTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    invoices_ = InvoiceService::NewStub(MakeChannel(target_));
  }

  template <typename Req, typename Resp>
  grpc::Status Call(grpc::Status (InvoiceService::Stub::*method)(grpc::ClientContext*,
                                                                 const Req&, Resp*),
                    const Req& req, Resp* resp, const std::string& token = kToken) {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, std::chrono::seconds(10));
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    return (invoices_.get()->*method)(&ctx, req, resp);
  }

  std::string User(const std::string& email, const std::string& external_id = "") {
    pos::v1::CreateUserRequest req;
    req.set_org_id(org_);
    req.set_name("Web user");
    req.set_email(email);
    req.set_external_id(external_id);
    pos::v1::User user;
    const grpc::Status s = Call(&InvoiceService::Stub::CreateUser, req, &user);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return user.customer().customer_id();
  }

  pos::v1::Invoice Begin(const std::string& customer_id, const std::string& request_id,
                         grpc::Status* status = nullptr) {
    pos::v1::BeginInvoiceRequest req;
    req.set_org_id(org_);
    req.set_request_id(request_id);
    req.set_customer_id(customer_id);
    req.set_note("order 1001");
    req.set_purchasing_group("team-a");
    pos::v1::Invoice inv;
    const grpc::Status s = Call(&InvoiceService::Stub::BeginInvoice, req, &inv);
    if (status != nullptr) {
      *status = s;
    } else {
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
    return inv;
  }

  static pos::v1::InvoiceItemInput Item(const std::string& sku, int64_t cost, int64_t qty,
                                        int32_t access_days = 0) {
    pos::v1::InvoiceItemInput item;
    item.set_sku(sku);
    item.set_name("Course " + sku);
    *item.mutable_unit_cost() = Eur(cost);
    item.set_quantity(qty);
    item.set_access_days(access_days);
    return item;
  }

  grpc::Status AddItems(const std::string& invoice_id, const std::string& request_id,
                        std::vector<pos::v1::InvoiceItemInput> items,
                        pos::v1::Invoice* out = nullptr) {
    pos::v1::AddItemsRequest req;
    req.set_org_id(org_);
    req.set_invoice_id(invoice_id);
    req.set_request_id(request_id);
    for (auto& item : items) *req.add_items() = item;
    pos::v1::Invoice ignored;
    return Call(&InvoiceService::Stub::AddItems, req, out != nullptr ? out : &ignored);
  }

  static pos::v1::Payment Paid(int64_t amount, const std::string& txn) {
    pos::v1::Payment p;
    p.set_payee("Learning Ltd");
    *p.mutable_amount() = Eur(amount);
    p.set_processor("stripe");
    p.set_processor_transaction_id(txn);
    p.mutable_paid_at()->set_seconds(absl::ToUnixSeconds(absl::Now()) - 60);
    return p;
  }

  grpc::Status AddPayments(const std::string& invoice_id, const std::string& request_id,
                           std::vector<pos::v1::Payment> paid,
                           std::vector<std::pair<int64_t, std::string>> scheduled = {},
                           pos::v1::Invoice* out = nullptr) {
    pos::v1::AddPaymentsRequest req;
    req.set_org_id(org_);
    req.set_invoice_id(invoice_id);
    req.set_request_id(request_id);
    for (auto& p : paid) *req.add_payments() = p;
    for (auto& [amount, due] : scheduled) {
      auto* s = req.add_scheduled_payments();
      *s->mutable_amount() = Eur(amount);
      s->set_due_date(due);
    }
    pos::v1::Invoice ignored;
    return Call(&InvoiceService::Stub::AddPayments, req, out != nullptr ? out : &ignored);
  }

  grpc::Status Commit(const std::string& invoice_id, pos::v1::Invoice* out) {
    pos::v1::CommitInvoiceRequest req;
    req.set_org_id(org_);
    req.set_invoice_id(invoice_id);
    return Call(&InvoiceService::Stub::CommitInvoice, req, out);
  }

  grpc::Status Redeem(const std::string& code, const std::string& customer_id,
                      const std::string& request_id, pos::v1::ItemRedemption* out) {
    pos::v1::RedeemItemRequest req;
    req.set_org_id(org_);
    req.set_redemption_code(code);
    req.set_customer_id(customer_id);
    req.set_request_id(request_id);
    return Call(&InvoiceService::Stub::RedeemItem, req, out);
  }

  // A committed invoice of one course (access 30 days) at 99.00 and two
  // books at 12.50, paid 100.00 now and 24.00 in January.
  pos::v1::Invoice CommittedInvoice(const std::string& buyer, const std::string& tag) {
    pos::v1::Invoice inv = Begin(buyer, "begin-" + tag);
    EXPECT_TRUE(AddItems(inv.invoice_id(), "items-" + tag,
                         {Item("COURSE-1", 9900, 1, 30), Item("BOOK-7", 1250, 2)})
                    .ok());
    EXPECT_TRUE(AddPayments(inv.invoice_id(), "pay-" + tag, {Paid(10000, "ch_" + tag)},
                            {{2400, "2027-01-15"}})
                    .ok());
    pos::v1::Invoice committed;
    const grpc::Status s = Commit(inv.invoice_id(), &committed);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return committed;
  }

  std::unique_ptr<InvoiceService::Stub> invoices_;
};

TEST_F(InvoiceTest, UsersAreLookedUpFirstAndCreatedOnce) {
  pos::v1::FindUserRequest find;
  find.set_org_id(org_);
  find.set_email("Ada@Example.com ");
  pos::v1::User user;
  EXPECT_EQ(Call(&InvoiceService::Stub::FindUser, find, &user).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Call(&InvoiceService::Stub::FindUser, find, &user, "").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  pos::v1::CreateUserRequest create;
  create.set_org_id(org_);
  create.set_name("Ada");
  create.set_email("ada@example.com");
  create.set_external_id("lms-42");
  pos::v1::User created;
  ASSERT_TRUE(Call(&InvoiceService::Stub::CreateUser, create, &created).ok());
  EXPECT_FALSE(created.existed());
  pos::v1::User again;
  ASSERT_TRUE(Call(&InvoiceService::Stub::CreateUser, create, &again).ok());
  EXPECT_TRUE(again.existed());
  EXPECT_EQ(again.customer().customer_id(), created.customer().customer_id());

  ASSERT_TRUE(Call(&InvoiceService::Stub::FindUser, find, &user).ok());
  EXPECT_EQ(user.customer().customer_id(), created.customer().customer_id());
  EXPECT_EQ(user.customer().email(), "ada@example.com");
  find.set_external_id("lms-42");
  ASSERT_TRUE(Call(&InvoiceService::Stub::FindUser, find, &user).ok());
  EXPECT_EQ(user.customer().customer_id(), created.customer().customer_id());

  create.set_external_id("lms-43");  // the email belongs to lms-42
  grpc::Status s = Call(&InvoiceService::Stub::CreateUser, create, &again);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "lms-42")) << s.error_message();

  create.clear_email();
  create.clear_external_id();
  s = Call(&InvoiceService::Stub::CreateUser, create, &again);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  pos::v1::FindUserRequest no_key;
  no_key.set_org_id(org_);
  EXPECT_EQ(Call(&InvoiceService::Stub::FindUser, no_key, &user).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(InvoiceTest, AnInvoiceIsBuiltCommittedWithCodesAndRedeemedOncePerItem) {
  pos::v1::InvoiceSettings settings;
  settings.set_org_id(org_);
  settings.set_sign_on_url_template(
      "https://learn.example.com/start?enrolment={enrolment_id}&course={sku}");
  ASSERT_TRUE(AdminCall(&AdminService::Stub::SetInvoiceSettings, settings).ok());

  const std::string buyer = User("buyer@example.com");
  const std::string learner = User("learner@example.com");
  grpc::Status s;
  pos::v1::Invoice inv = Begin(buyer, "begin-1");
  EXPECT_EQ(inv.status(), pos::v1::INVOICE_OPEN);
  EXPECT_FALSE(inv.replayed());
  EXPECT_EQ(inv.note(), "order 1001");
  EXPECT_GT(inv.expires_at().seconds(), inv.created_at().seconds());
  // The same request again is the same invoice; other content is refused.
  pos::v1::Invoice same = Begin(buyer, "begin-1");
  EXPECT_EQ(same.invoice_id(), inv.invoice_id());
  EXPECT_TRUE(same.replayed());
  Begin(learner, "begin-1", &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();

  // One item (with options), then two in bulk; a resent request adds nothing.
  auto course = Item("COURSE-1", 9900, 1, 30);
  (*course.mutable_options())["course_run"] = "2027-01";
  (*course.mutable_options())["seat"] = "online";
  ASSERT_TRUE(AddItems(inv.invoice_id(), "i1", {course}).ok());
  pos::v1::Invoice after;
  ASSERT_TRUE(AddItems(inv.invoice_id(), "i2",
                       {Item("BOOK-7", 1250, 2), Item("MUG", 800, 1)}, &after)
                  .ok());
  ASSERT_TRUE(AddItems(inv.invoice_id(), "i2",
                       {Item("BOOK-7", 1250, 2), Item("MUG", 800, 1)}, &after)
                  .ok());
  EXPECT_TRUE(after.replayed());
  ASSERT_EQ(after.items_size(), 3);
  EXPECT_EQ(after.items(2).item_no(), 3);
  EXPECT_EQ(after.items_total().minor_units(), 9900 + 2500 + 800);
  s = AddItems(inv.invoice_id(), "i2", {Item("MUG", 800, 5)});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();

  ASSERT_TRUE(
      AddPayments(inv.invoice_id(), "p1", {Paid(10000, "ch_1")}, {{2400, "2027-01-15"}})
          .ok());
  pos::v1::Invoice committed;
  s = Commit(inv.invoice_id(), &committed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "132.00")) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "124.00")) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "8.00 short")) << s.error_message();
  ASSERT_TRUE(AddPayments(inv.invoice_id(), "p2", {}, {{800, "2027-02-15"}}).ok());

  ASSERT_TRUE(Commit(inv.invoice_id(), &committed).ok());
  EXPECT_EQ(committed.status(), pos::v1::INVOICE_COMMITTED);
  EXPECT_EQ(committed.paid_total().minor_units(), 10000);
  EXPECT_EQ(committed.scheduled_total().minor_units(), 3200);
  ASSERT_TRUE(ParseRedemptionCode(committed.redemption_code(), "code").ok());
  std::set<std::string> codes{committed.redemption_code()};
  for (const auto& item : committed.items()) {
    ASSERT_TRUE(ParseRedemptionCode(item.redemption_code(), "code").ok());
    codes.insert(item.redemption_code());
  }
  EXPECT_EQ(codes.size(), 4u);
  // Commit is idempotent; a committed invoice does not change.
  pos::v1::Invoice recommitted;
  ASSERT_TRUE(Commit(inv.invoice_id(), &recommitted).ok());
  EXPECT_TRUE(recommitted.replayed());
  EXPECT_EQ(recommitted.redemption_code(), committed.redemption_code());
  EXPECT_EQ(recommitted.items(0).redemption_code(), committed.items(0).redemption_code());
  s = AddItems(inv.invoice_id(), "i3", {Item("MUG", 800, 1)});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "committed")) << s.error_message();

  // Found by its code, typed carelessly.
  pos::v1::GetInvoiceRequest get;
  get.set_org_id(org_);
  std::string typed = committed.redemption_code();
  for (char& c : typed) c = static_cast<char>(std::tolower(c));
  get.set_redemption_code(typed);
  pos::v1::Invoice by_code;
  ASSERT_TRUE(Call(&InvoiceService::Stub::GetInvoice, get, &by_code).ok());
  EXPECT_EQ(by_code.invoice_id(), inv.invoice_id());
  EXPECT_EQ(by_code.redemption(), pos::v1::NOT_REDEEMED);

  // Redeem the course by its code for another person.
  const std::string course_code = committed.items(0).redemption_code();
  pos::v1::ItemRedemption r;
  ASSERT_TRUE(Redeem(course_code, learner, "r1", &r).ok());
  EXPECT_FALSE(r.replayed());
  EXPECT_TRUE(r.item().redeemed());
  EXPECT_EQ(r.item().redeemed_by(), learner);
  ASSERT_TRUE(IsUuid(r.enrolment_id()));
  EXPECT_EQ(r.sign_on_url(), "https://learn.example.com/start?enrolment=" +
                                 r.enrolment_id() + "&course=COURSE-1");
  EXPECT_EQ(r.item().access_ends().seconds() - r.item().redeemed_at().seconds(),
            30 * 86400);
  // A retry answers the same redemption; anyone else is told who and when.
  pos::v1::ItemRedemption retry;
  ASSERT_TRUE(Redeem(course_code, learner, "r1", &retry).ok());
  EXPECT_TRUE(retry.replayed());
  EXPECT_EQ(retry.enrolment_id(), r.enrolment_id());
  s = Redeem(course_code, buyer, "r2", &retry);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(
      absl::StrContains(s.error_message(), "already redeemed by customer " + learner))
      << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), " UTC")) << s.error_message();

  // Items by invoice id and number; status of item and invoice.
  pos::v1::GetInvoiceItemRequest item_req;
  item_req.set_org_id(org_);
  item_req.mutable_item()->set_invoice_id(inv.invoice_id());
  item_req.mutable_item()->set_item_no(1);
  pos::v1::InvoiceItem item;
  ASSERT_TRUE(Call(&InvoiceService::Stub::GetInvoiceItem, item_req, &item).ok());
  EXPECT_TRUE(item.redeemed());
  EXPECT_EQ(item.options().at("course_run"), "2027-01");
  EXPECT_EQ(item.options().at("seat"), "online");
  EXPECT_EQ(item.access_days(), 30);
  EXPECT_EQ(item.enrolment_id(), r.enrolment_id());
  pos::v1::GetInvoiceItemRequest by_item_code;
  by_item_code.set_org_id(org_);
  by_item_code.set_redemption_code(committed.items(1).redemption_code());
  ASSERT_TRUE(Call(&InvoiceService::Stub::GetInvoiceItem, by_item_code, &item).ok());
  EXPECT_EQ(item.item_no(), 2);
  EXPECT_FALSE(item.redeemed());
  get.set_invoice_id(inv.invoice_id());
  ASSERT_TRUE(Call(&InvoiceService::Stub::GetInvoice, get, &by_code).ok());
  EXPECT_EQ(by_code.redemption(), pos::v1::PARTLY_REDEEMED);
  EXPECT_EQ(by_code.redeemed_items(), 1);
  for (int no : {2, 3}) {
    pos::v1::RedeemItemRequest req;
    req.set_org_id(org_);
    req.mutable_item()->set_invoice_id(inv.invoice_id());
    req.mutable_item()->set_item_no(no);
    req.set_customer_id(buyer);
    req.set_request_id("by-id-" + std::to_string(no));
    ASSERT_TRUE(Call(&InvoiceService::Stub::RedeemItem, req, &r).ok());
    EXPECT_FALSE(r.item().has_access_ends());  // no access period
  }
  ASSERT_TRUE(Call(&InvoiceService::Stub::GetInvoice, get, &by_code).ok());
  EXPECT_EQ(by_code.redemption(), pos::v1::FULLY_REDEEMED);

  // The day summary of the commit's day (the org's time zone).
  pos::v1::DaySummaryRequest day;
  day.set_org_id(org_);
  day.set_business_date(absl::FormatTime(
      "%Y-%m-%d", absl::FromUnixSeconds(committed.closed_at().seconds()), [] {
        absl::TimeZone tz;
        absl::LoadTimeZone("Europe/Berlin", &tz);
        return tz;
      }()));
  pos::v1::DaySummaryResponse summary;
  ASSERT_TRUE(AdminCall(&AdminService::Stub::DaySummary, day, kToken, &summary).ok());
  EXPECT_EQ(summary.invoices().committed(), 1);
  EXPECT_EQ(summary.invoices().invoiced().minor_units(), 13200);
  EXPECT_EQ(summary.invoices().paid().minor_units(), 10000);
  EXPECT_EQ(summary.invoices().scheduled().minor_units(), 3200);
  EXPECT_EQ(summary.invoices().items_redeemed(), 3);
}

TEST_F(InvoiceTest, BadInputAndWrongStatesAreRefusedWithTheReason) {
  const std::string buyer = User("refusals@example.com");
  grpc::Status s;
  Begin(NewUuid(), "b-unknown", &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  Begin(buyer, "bad request id!", &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  const pos::v1::Invoice inv = Begin(buyer, "b1");

  auto usd = Item("X1", 100, 1);
  usd.mutable_unit_cost()->set_currency("USD");
  s = AddItems(inv.invoice_id(), "a1", {usd});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "items[0].unit_cost.currency"))
      << s.error_message();
  s = AddItems(inv.invoice_id(), "a1", {Item("X1", 100, 1), Item("X2", 100, 0)});
  EXPECT_TRUE(absl::StrContains(s.error_message(), "items[1].quantity"))
      << s.error_message();
  {
    pos::v1::GetInvoiceRequest get;
    get.set_org_id(org_);
    get.set_invoice_id(inv.invoice_id());
    pos::v1::Invoice current;
    ASSERT_TRUE(Call(&InvoiceService::Stub::GetInvoice, get, &current).ok());
    EXPECT_EQ(current.items_size(), 0);  // a refused bulk adds none of its items
  }
  s = AddItems(inv.invoice_id(), "a1", {Item("X1", -5, 1)});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  s = AddItems(NewUuid(), "a1", {Item("X1", 100, 1)});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  auto zero = Paid(0, "ch_zero");
  s = AddPayments(inv.invoice_id(), "p0", {zero});
  EXPECT_TRUE(absl::StrContains(s.error_message(), "payments[0].amount"))
      << s.error_message();
  s = AddPayments(inv.invoice_id(), "p0", {}, {{100, "2027-13-01"}});
  EXPECT_TRUE(absl::StrContains(s.error_message(), "due_date")) << s.error_message();

  pos::v1::Invoice out;
  s = Commit(inv.invoice_id(), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "no items")) << s.error_message();

  s = AddPayments(inv.invoice_id(), "p0", {Paid(100, "ch_twice"), Paid(200, "ch_twice")});
  EXPECT_TRUE(
      absl::StrContains(s.error_message(), "payments[1].processor_transaction_id"))
      << s.error_message();
  // A processor's transaction is recorded once, whichever invoice.
  ASSERT_TRUE(AddPayments(inv.invoice_id(), "p1", {Paid(100, "ch_once")}).ok());
  const pos::v1::Invoice other = Begin(buyer, "b2");
  s = AddPayments(other.invoice_id(), "p1", {Paid(100, "ch_once")});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_TRUE(absl::StrContains(s.error_message(), inv.invoice_id()))
      << s.error_message();

  // Items of an open invoice cannot be redeemed; they have no code yet.
  ASSERT_TRUE(AddItems(inv.invoice_id(), "a2", {Item("X1", 100, 1)}).ok());
  pos::v1::RedeemItemRequest redeem;
  redeem.set_org_id(org_);
  redeem.mutable_item()->set_invoice_id(inv.invoice_id());
  redeem.mutable_item()->set_item_no(1);
  redeem.set_customer_id(buyer);
  redeem.set_request_id("r1");
  pos::v1::ItemRedemption r;
  s = Call(&InvoiceService::Stub::RedeemItem, redeem, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "is open")) << s.error_message();

  // Aborted: nothing more can happen to it; aborting again answers it.
  pos::v1::AbortInvoiceRequest abort;
  abort.set_org_id(org_);
  abort.set_invoice_id(inv.invoice_id());
  abort.set_reason("customer cancelled");
  ASSERT_TRUE(Call(&InvoiceService::Stub::AbortInvoice, abort, &out).ok());
  EXPECT_EQ(out.status(), pos::v1::INVOICE_ABORTED);
  ASSERT_TRUE(Call(&InvoiceService::Stub::AbortInvoice, abort, &out).ok());
  EXPECT_TRUE(out.replayed());
  s = AddItems(inv.invoice_id(), "a3", {Item("X1", 100, 1)});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "customer cancelled"))
      << s.error_message();
  s = Commit(inv.invoice_id(), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();

  // A committed invoice cannot be aborted.
  const pos::v1::Invoice done = CommittedInvoice(buyer, "c1");
  abort.set_invoice_id(done.invoice_id());
  s = Call(&InvoiceService::Stub::AbortInvoice, abort, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();

  // Codes: a typo is caught before any look-up; a well-formed unknown code
  // is NOT_FOUND.
  std::string typo = done.items(0).redemption_code();
  typo[0] = typo[0] == '2' ? '3' : '2';
  s = Redeem(typo, buyer, "r2", &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "mistyped")) << s.error_message();
  auto unknown = NewRedemptionCode();
  ASSERT_TRUE(unknown.ok());
  s = Redeem(*unknown, buyer, "r2", &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  // The invoice's own code is not an item's.
  s = Redeem(done.redemption_code(), buyer, "r2", &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  s = Redeem(done.items(0).redemption_code(), NewUuid(), "r2", &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();

  pos::v1::InvoiceSettings bad;
  bad.set_org_id(org_);
  bad.set_sign_on_url_template("https://x.example/{enrolment}");
  s = AdminCall(&AdminService::Stub::SetInvoiceSettings, bad);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  bad.set_sign_on_url_template("");
  bad.set_open_minutes(-1);
  s = AdminCall(&AdminService::Stub::SetInvoiceSettings, bad);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
}

TEST_F(InvoiceTest, AnInvoiceLeftOpenPastTheOrgsTimeExpires) {
  pos::v1::InvoiceSettings settings;
  settings.set_org_id(org_);
  settings.set_open_minutes(5);
  pos::v1::InvoiceSettings stored;
  ASSERT_TRUE(
      AdminCall(&AdminService::Stub::SetInvoiceSettings, settings, kToken, &stored).ok());
  EXPECT_EQ(stored.open_minutes(), 5);
  const std::string buyer = User("slow@example.com");
  const pos::v1::Invoice inv = Begin(buyer, "slow-1");
  EXPECT_EQ(inv.expires_at().seconds() - inv.created_at().seconds(), 5 * 60);
  ASSERT_TRUE(AddItems(inv.invoice_id(), "i1", {Item("X1", 100, 1)}).ok());

  // Six minutes later, as far as the database is concerned.
  {
    pqxx::connection c(PgEnvironment::url());
    pqxx::work tx(c);
    tx.exec_params(
        "UPDATE invoices SET created_at = created_at - interval '6 minutes',"
        " expires_at = expires_at - interval '6 minutes'"
        " WHERE org_id = $1 AND invoice_id = $2::uuid",
        org_, inv.invoice_id());
    tx.commit();
  }
  pos::v1::GetInvoiceRequest get;
  get.set_org_id(org_);
  get.set_invoice_id(inv.invoice_id());
  pos::v1::Invoice got;
  ASSERT_TRUE(Call(&InvoiceService::Stub::GetInvoice, get, &got).ok());
  EXPECT_EQ(got.status(), pos::v1::INVOICE_EXPIRED);
  grpc::Status s = AddPayments(inv.invoice_id(), "p1", {Paid(100, "ch_late")});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "expired")) << s.error_message();
  pos::v1::Invoice out;
  s = Commit(inv.invoice_id(), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  // The refusal marked it: the stored status is expired now.
  pqxx::connection c(PgEnvironment::url());
  pqxx::read_transaction tx(c);
  EXPECT_EQ(tx.exec_params1("SELECT status FROM invoices WHERE org_id = $1"
                            " AND invoice_id = $2::uuid",
                            org_, inv.invoice_id())[0]
                .as<int>(),
            4);
}

TEST_F(InvoiceTest, RacingRedemptionsOnTwoServersRedeemAnItemOnce) {
  auto second = testing::StartTestServer();
  ASSERT_TRUE(second.ok()) << second.status();
  const std::string target_b = "127.0.0.1:" + std::to_string((*second)->port());
  const std::string buyer = User("race@example.com");
  const pos::v1::Invoice inv = CommittedInvoice(buyer, "race");
  const std::string code = inv.items(0).redemption_code();
  std::vector<std::string> people;
  for (int i = 0; i < 8; ++i)
    people.push_back(User("racer" + std::to_string(i) + "@x.example"));

  std::atomic<int> ok{0}, refused{0}, other{0};
  testing::RaceCalls(8, {target_, target_b}, [&](int i, const auto& channel) {
    pos::v1::RedeemItemRequest req;
    req.set_org_id(org_);
    req.set_redemption_code(code);
    req.set_customer_id(people[i]);
    req.set_request_id("race-" + std::to_string(i));
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    pos::v1::ItemRedemption r;
    const grpc::Status s = InvoiceService::NewStub(channel)->RedeemItem(&ctx, req, &r);
    if (s.ok()) {
      ++ok;
    } else if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
      ++refused;
    } else {
      ++other;
    }
  });
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), 7);
  EXPECT_EQ(other.load(), 0);
  (*second)->Shutdown();
}

TEST_F(InvoiceTest, CommitsRacingOnTwoServersHandOutOneSetOfCodes) {
  auto second = testing::StartTestServer();
  ASSERT_TRUE(second.ok()) << second.status();
  const std::string target_b = "127.0.0.1:" + std::to_string((*second)->port());
  const std::string buyer = User("commit-race@example.com");
  pos::v1::Invoice inv = Begin(buyer, "commit-race");
  ASSERT_TRUE(
      AddItems(inv.invoice_id(), "i", {Item("C1", 500, 2), Item("C2", 300, 1)}).ok());
  ASSERT_TRUE(AddPayments(inv.invoice_id(), "p", {Paid(1300, "ch_commit_race")}).ok());

  std::vector<pos::v1::Invoice> answers(6);
  std::vector<grpc::Status> statuses(6);
  testing::RaceCalls(6, {target_, target_b}, [&](int i, const auto& channel) {
    pos::v1::CommitInvoiceRequest req;
    req.set_org_id(org_);
    req.set_invoice_id(inv.invoice_id());
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    statuses[i] = InvoiceService::NewStub(channel)->CommitInvoice(&ctx, req, &answers[i]);
  });
  int first = 0;
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    first += answers[i].replayed() ? 0 : 1;
    EXPECT_EQ(answers[i].redemption_code(), answers[0].redemption_code());
    EXPECT_EQ(answers[i].items(1).redemption_code(),
              answers[0].items(1).redemption_code());
  }
  EXPECT_EQ(first, 1);  // one commit drew the codes; the others answered it
  pqxx::connection c(PgEnvironment::url());
  pqxx::read_transaction tx(c);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM redemption_codes WHERE org_id = $1"
                            " AND invoice_id = $2::uuid",
                            org_, inv.invoice_id())[0]
                .as<int>(),
            3);
  (*second)->Shutdown();
}

TEST_F(InvoiceTest, ARacedProcessorTransactionIsRecordedOnceAndTheLoserToldWhere) {
  auto second = testing::StartTestServer();
  ASSERT_TRUE(second.ok()) << second.status();
  const std::string target_b = "127.0.0.1:" + std::to_string((*second)->port());
  const std::string buyer = User("txn-race@example.com");
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(Begin(buyer, "txn-race-" + std::to_string(i)).invoice_id());
  std::vector<grpc::Status> statuses(6);
  testing::RaceCalls(6, {target_, target_b}, [&](int i, const auto& channel) {
    pos::v1::AddPaymentsRequest req;
    req.set_org_id(org_);
    req.set_invoice_id(ids[i]);
    req.set_request_id("pay");
    *req.add_payments() = Paid(500, "ch_raced");
    grpc::ClientContext ctx;
    testing::Authorize(&ctx);
    pos::v1::Invoice out;
    statuses[i] = InvoiceService::NewStub(channel)->AddPayments(&ctx, req, &out);
  });
  int ok = 0;
  std::string winner;
  for (int i = 0; i < 6; ++i) {
    if (statuses[i].ok()) {
      ++ok;
      winner = ids[i];
    }
  }
  ASSERT_EQ(ok, 1);
  for (const auto& s : statuses) {
    if (s.ok()) continue;
    EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
    EXPECT_TRUE(
        absl::StrContains(s.error_message(), "already recorded on invoice " + winner))
        << s.error_message();
  }
  (*second)->Shutdown();
}

}  // namespace
}  // namespace tillstream
