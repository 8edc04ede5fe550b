#include "server/rpc/invoice_service.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/convert/customers.h"
#include "server/rpc/convert/invoicing.h"
#include "server/rpc/convert/wire.h"
#include "server/rpc/fingerprint.h"
#include "server/rpc/unary.h"

namespace tillstream {

namespace {

// What a request says, apart from its request id.
template <typename Request>
std::string Fingerprint(const Request& req) {
  Request copy = req;
  copy.clear_request_id();
  return ContentFingerprint(copy);
}

// The amount; its currency goes to the use case with the field it came from.
int64_t Amount(const pos::v1::Money& m, const std::string& field, InvoiceAdditions* add) {
  add->currencies.emplace_back(field, m.currency());
  return m.minor_units();
}

absl::Status Answer(const absl::StatusOr<Invoice>& inv, pos::v1::Invoice* resp) {
  if (!inv.ok()) return inv.status();
  ToProtoInvoice(*inv, resp);
  return absl::OkStatus();
}

template <typename Request>
ItemKey ItemKeyOf(const Request& req) {
  ItemKey key;
  if (req.has_item()) {
    key.invoice_id = req.item().invoice_id();
    key.item_no = req.item().item_no();
  } else {
    key.code = req.redemption_code();
  }
  return key;
}

}  // namespace

absl::Status InvoiceServiceImpl::HandleFindUser(const Principal& /*caller*/,
                                                const pos::v1::FindUserRequest& req,
                                                pos::v1::User* resp) {
  absl::StatusOr<Customer> found;
  switch (req.key_case()) {
    case pos::v1::FindUserRequest::kEmail:
      found = flow_->FindUser(req.org_id(), IdentifierKind::kEmail, req.email());
      break;
    case pos::v1::FindUserRequest::kExternalId:
      found =
          flow_->FindUser(req.org_id(), IdentifierKind::kExternalId, req.external_id());
      break;
    default:
      return FieldError("key", "give an email or an external_id");
  }
  if (!found.ok()) return found.status();
  *resp->mutable_customer() = ToProtoCustomer(*found);
  return absl::OkStatus();
}

absl::Status InvoiceServiceImpl::HandleCreateUser(const Principal& /*caller*/,
                                                  const pos::v1::CreateUserRequest& req,
                                                  pos::v1::User* resp) {
  Customer user;
  user.name = req.name();
  user.email = req.email();
  user.external_id = req.external_id();
  return Reply(flow_->CreateUser(req.org_id(), user), [&](const auto& created) {
    *resp->mutable_customer() = ToProtoCustomer(created.first);
    resp->set_existed(created.second);
  });
}

absl::Status InvoiceServiceImpl::HandleBeginInvoice(
    const Principal& /*caller*/, const pos::v1::BeginInvoiceRequest& req,
    pos::v1::Invoice* resp) {
  NewInvoice n;
  n.org_id = req.org_id();
  n.request_id = req.request_id();
  n.fingerprint = Fingerprint(req);
  n.customer_id = req.customer_id();
  n.note = req.note();
  n.purchasing_group = req.purchasing_group();
  return Answer(flow_->Begin(std::move(n)), resp);
}

absl::Status InvoiceServiceImpl::HandleAddItems(const Principal& /*caller*/,
                                                const pos::v1::AddItemsRequest& req,
                                                pos::v1::Invoice* resp) {
  InvoiceAdditions add;
  add.request_id = req.request_id();
  add.fingerprint = Fingerprint(req);
  if (req.items().empty()) return FieldError("items", "add at least one item");
  for (int i = 0; i < req.items_size(); ++i) {
    const auto& in = req.items(i);
    InvoiceItemInput item;
    item.sku = in.sku();
    item.name = in.name();
    item.unit_cost_minor =
        Amount(in.unit_cost(), absl::StrCat("items[", i, "].unit_cost"), &add);
    item.quantity = in.quantity();
    item.access_days = in.access_days();
    item.options.insert(in.options().begin(), in.options().end());
    add.items.push_back(std::move(item));
  }
  return Answer(flow_->Add(req.org_id(), req.invoice_id(), add), resp);
}

absl::Status InvoiceServiceImpl::HandleAddPayments(const Principal& /*caller*/,
                                                   const pos::v1::AddPaymentsRequest& req,
                                                   pos::v1::Invoice* resp) {
  InvoiceAdditions add;
  add.request_id = req.request_id();
  add.fingerprint = Fingerprint(req);
  if (req.payments().empty() && req.scheduled_payments().empty()) {
    return FieldError("payments", "add at least one payment or scheduled payment");
  }
  for (int i = 0; i < req.payments_size(); ++i) {
    const auto& in = req.payments(i);
    InvoicePayment p;
    p.payee = in.payee();
    p.amount_minor = Amount(in.amount(), absl::StrCat("payments[", i, "].amount"), &add);
    p.processor = in.processor();
    p.processor_transaction_id = in.processor_transaction_id();
    p.paid_at = in.has_paid_at() ? FromTimestamp(in.paid_at()) : absl::UnixEpoch();
    add.payments.push_back(std::move(p));
  }
  for (int i = 0; i < req.scheduled_payments_size(); ++i) {
    const auto& in = req.scheduled_payments(i);
    const std::string field = absl::StrCat("scheduled_payments[", i, "].");
    ScheduledPayment p;
    p.amount_minor = Amount(in.amount(), field + "amount", &add);
    if (in.due_date().size() != 10 || !absl::ParseCivilTime(in.due_date(), &p.due_date)) {
      return FieldError(field + "due_date", "must be a date YYYY-MM-DD");
    }
    add.scheduled.push_back(p);
  }
  return Answer(flow_->Add(req.org_id(), req.invoice_id(), add), resp);
}

absl::Status InvoiceServiceImpl::HandleCommitInvoice(
    const Principal& /*caller*/, const pos::v1::CommitInvoiceRequest& req,
    pos::v1::Invoice* resp) {
  return Answer(flow_->Commit(req.org_id(), req.invoice_id()), resp);
}

absl::Status InvoiceServiceImpl::HandleAbortInvoice(
    const Principal& /*caller*/, const pos::v1::AbortInvoiceRequest& req,
    pos::v1::Invoice* resp) {
  return Answer(flow_->Abort(req.org_id(), req.invoice_id(), req.reason()), resp);
}

absl::Status InvoiceServiceImpl::HandleGetInvoice(const Principal& /*caller*/,
                                                  const pos::v1::GetInvoiceRequest& req,
                                                  pos::v1::Invoice* resp) {
  return Answer(flow_->Get(req.org_id(), req.invoice_id(), req.redemption_code()), resp);
}

absl::Status InvoiceServiceImpl::HandleGetInvoiceItem(
    const Principal& /*caller*/, const pos::v1::GetInvoiceItemRequest& req,
    pos::v1::InvoiceItem* resp) {
  return Reply(flow_->GetItem(req.org_id(), ItemKeyOf(req)),
               [&](const auto& item) { ToProtoInvoiceItem(item, resp); });
}

absl::Status InvoiceServiceImpl::HandleRedeemItem(const Principal& /*caller*/,
                                                  const pos::v1::RedeemItemRequest& req,
                                                  pos::v1::ItemRedemption* resp) {
  return Reply(
      flow_->Redeem(req.org_id(), ItemKeyOf(req), req.customer_id(), req.request_id()),
      [&](const auto& redeemed) {
        ToProtoInvoiceItem(redeemed.item, resp->mutable_item());
        resp->set_enrolment_id(redeemed.item.enrolment_id);
        resp->set_sign_on_url(redeemed.sign_on_url);
        resp->set_replayed(redeemed.replayed);
      });
}

}  // namespace tillstream
