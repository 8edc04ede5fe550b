// The server over gRPC with a partner org for InvoiceService: users,
// invoices and the helpers the invoice tests share.
#ifndef TILLSTREAM_TESTS_INTEGRATION_INVOICE_FIXTURE_H_
#define TILLSTREAM_TESTS_INTEGRATION_INVOICE_FIXTURE_H_

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

using pos::v1::AdminService;
using pos::v1::InvoiceService;
using testing::AdminKey;
using testing::PgEnvironment;

inline pos::v1::Money Eur(int64_t minor) {
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
                    const Req& req, Resp* resp, const std::string& token = AdminKey()) {
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

}  // namespace tillstream

#endif  // TILLSTREAM_TESTS_INTEGRATION_INVOICE_FIXTURE_H_
