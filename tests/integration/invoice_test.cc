// Web-shop invoices through gRPC against PostgreSQL: users, the whole
// invoice flow (begin, items, payments, commit, redeem, status), every
// refusal, expiry of open invoices.
#include "tests/integration/invoice_fixture.h"

namespace tillstream {
namespace {

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
  ASSERT_TRUE(AdminCall(&AdminService::Stub::DaySummary, day, AdminKey(), &summary).ok());
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
      AdminCall(&AdminService::Stub::SetInvoiceSettings, settings, AdminKey(), &stored)
          .ok());
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

}  // namespace
}  // namespace tillstream
