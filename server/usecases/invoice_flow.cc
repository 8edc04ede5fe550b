#include "server/usecases/invoice_flow.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/redemption_code.h"
#include "common/validation.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/customers/normalize.h"
#include "server/domain/invoicing/invoice_repository.h"
#include "server/domain/org/org_repository.h"

namespace tillstream {

absl::StatusOr<Customer> InvoiceFlow::FindUser(const std::string& org_id,
                                               IdentifierKind kind,
                                               const std::string& value) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  const std::string field = kind == IdentifierKind::kEmail ? "email" : "external_id";
  if (kind != IdentifierKind::kEmail && kind != IdentifierKind::kExternalId) {
    return FieldError("key", "look users up by email or external_id");
  }
  auto normalized = NormalizeIdentifier(field, kind, value, *org);
  if (!normalized.ok()) return normalized.status();
  auto found = repos_.customers->FindCustomer(org_id, kind, *normalized);
  if (absl::IsNotFound(found.status())) {
    return absl::NotFoundError(
        absl::StrCat("no user with ", field, " ", *normalized, "; create one"));
  }
  return found;
}

absl::StatusOr<std::pair<Customer, bool>> InvoiceFlow::CreateUser(
    const std::string& org_id, const Customer& user) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (!user.mobile.empty() || !user.card_number.empty()) {
    return FieldError("user", "web users are identified by email and external_id only");
  }
  auto c = NormalizeCustomer("", user, *org, /*need_identifier=*/true);
  if (!c.ok()) return c.status();
  // A retry, or a user created meanwhile by another front end: answer it
  // unchanged, unless the two identifiers point at different people.
  for (const IdentifierKind kind :
       {IdentifierKind::kEmail, IdentifierKind::kExternalId}) {
    const std::string& value = c->identifier(kind);
    if (value.empty()) continue;
    auto found = repos_.customers->FindCustomer(org_id, kind, value);
    if (absl::IsNotFound(found.status())) continue;
    if (!found.ok()) return found.status();
    for (const IdentifierKind other :
         {IdentifierKind::kEmail, IdentifierKind::kExternalId}) {
      const std::string& want = c->identifier(other);
      const std::string& have = found->identifier(other);
      if (!want.empty() && !have.empty() && want != have) {
        return absl::AlreadyExistsError(absl::StrCat(
            IdentifierKindName(kind), " ", value, " belongs to user ", found->customer_id,
            " whose ", IdentifierKindName(other), " is ", have, ", not ", want));
      }
    }
    return std::make_pair(*std::move(found), true);
  }
  auto enrolled = customers_.Enrol(*org, "", *c);
  if (!enrolled.ok()) return enrolled.status();
  return std::make_pair(enrolled->first.customer, enrolled->second);
}

absl::StatusOr<Invoice> InvoiceFlow::Begin(NewInvoice invoice) {
  auto org = LoadOrg(*repos_.orgs, invoice.org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckRequestId("request_id", invoice.request_id); !s.ok()) return s;
  if (auto s = CheckUuid("customer_id", invoice.customer_id); !s.ok()) return s;
  if (auto s = CheckText("note", invoice.note, kMaxInvoiceNoteLength, /*optional=*/true);
      !s.ok()) {
    return s;
  }
  if (auto s = CheckText("purchasing_group", invoice.purchasing_group, kMaxNameLength,
                         /*optional=*/true);
      !s.ok()) {
    return s;
  }
  invoice.currency = org->currency;
  auto settings = invoices_->GetInvoiceSettings(invoice.org_id);
  if (!settings.ok()) return settings.status();
  return invoices_->BeginInvoice(invoice, absl::Minutes(settings->open_minutes));
}

absl::StatusOr<Invoice> InvoiceFlow::Add(const std::string& org_id,
                                         const std::string& invoice_id,
                                         const InvoiceAdditions& additions) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckUuid("invoice_id", invoice_id); !s.ok()) return s;
  for (const auto& [field, currency] : additions.currencies) {
    if (currency != org->currency) {
      return FieldError(field + ".currency",
                        absl::StrCat("must be the org's currency ", org->currency,
                                     ", not '", currency, "'"));
    }
  }
  if (auto s = CheckRequestId("request_id", additions.request_id); !s.ok()) return s;
  if (additions.items.empty() && additions.payments.empty() &&
      additions.scheduled.empty()) {
    return absl::InvalidArgumentError("the request adds nothing");
  }
  if (additions.items.size() > kMaxInvoiceItems) {
    return FieldError("items",
                      absl::StrCat("at most ", kMaxInvoiceItems, " per invoice"));
  }
  if (additions.payments.size() + additions.scheduled.size() > kMaxInvoicePayments) {
    return FieldError("payments",
                      absl::StrCat("at most ", kMaxInvoicePayments, " per invoice"));
  }
  const absl::Time now = clock_();
  for (size_t i = 0; i < additions.items.size(); ++i) {
    if (auto s = ValidateItemInput(absl::StrCat("items[", i, "]."), additions.items[i]);
        !s.ok()) {
      return s;
    }
  }
  std::set<std::pair<std::string, std::string>> transactions;
  for (size_t i = 0; i < additions.payments.size(); ++i) {
    const InvoicePayment& p = additions.payments[i];
    const std::string prefix = absl::StrCat("payments[", i, "].");
    if (auto s = ValidatePayment(prefix, p, now); !s.ok()) return s;
    if (!transactions.insert({p.processor, p.processor_transaction_id}).second) {
      return FieldError(prefix + "processor_transaction_id",
                        "appears twice in this request");
    }
  }
  for (size_t i = 0; i < additions.scheduled.size(); ++i) {
    if (auto s = ValidateScheduledPayment(absl::StrCat("scheduled_payments[", i, "]."),
                                          additions.scheduled[i]);
        !s.ok()) {
      return s;
    }
  }
  const size_t new_items = additions.items.size();
  const size_t new_payments = additions.payments.size() + additions.scheduled.size();
  return invoices_->AddToInvoice(
      org_id, invoice_id, additions, [this, new_items, new_payments](const Invoice& inv) {
        if (auto s = CheckOpen(inv, clock_()); !s.ok()) return s;
        if (inv.items.size() + new_items > kMaxInvoiceItems) {
          return absl::FailedPreconditionError(
              absl::StrCat("an invoice holds at most ", kMaxInvoiceItems, " items"));
        }
        if (inv.payments.size() + inv.scheduled.size() + new_payments >
            kMaxInvoicePayments) {
          return absl::FailedPreconditionError(absl::StrCat(
              "an invoice holds at most ", kMaxInvoicePayments, " payments"));
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<Invoice> InvoiceFlow::Commit(const std::string& org_id,
                                            const std::string& invoice_id) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckUuid("invoice_id", invoice_id); !s.ok()) return s;
  return invoices_->CommitInvoice(
      org_id, invoice_id,
      [this](const Invoice& inv) {
        if (auto s = CheckOpen(inv, clock_()); !s.ok()) return s;
        return CheckCoverage(inv);
      },
      NewRedemptionCode);
}

absl::StatusOr<Invoice> InvoiceFlow::Abort(const std::string& org_id,
                                           const std::string& invoice_id,
                                           const std::string& reason) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckUuid("invoice_id", invoice_id); !s.ok()) return s;
  if (auto s = CheckText("reason", reason, kMaxInvoiceNoteLength, /*optional=*/true);
      !s.ok()) {
    return s;
  }
  return invoices_->AbortInvoice(org_id, invoice_id, reason, [this](const Invoice& inv) {
    return CheckOpen(inv, clock_());
  });
}

absl::StatusOr<Invoice> InvoiceFlow::Get(const std::string& org_id,
                                         const std::string& invoice_id,
                                         const std::string& code) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (!invoice_id.empty()) {
    if (auto s = CheckUuid("invoice_id", invoice_id); !s.ok()) return s;
    return invoices_->GetInvoice(org_id, invoice_id, "");
  }
  if (code.empty()) return FieldError("key", "give an invoice_id or a redemption_code");
  auto parsed = ParseRedemptionCode(code, "redemption_code");
  if (!parsed.ok()) return parsed.status();
  return invoices_->GetInvoice(org_id, "", *parsed);
}

absl::Status InvoiceFlow::CheckItemKey(ItemKey& key) {
  if (!key.code.empty()) {
    auto parsed = ParseRedemptionCode(key.code, "redemption_code");
    if (!parsed.ok()) return parsed.status();
    key.code = *parsed;
    return absl::OkStatus();
  }
  if (key.invoice_id.empty()) {
    return FieldError("key",
                      "give the item's redemption_code or its invoice_id and item_no");
  }
  if (auto s = CheckUuid("item.invoice_id", key.invoice_id); !s.ok()) return s;
  if (key.item_no < 1) return FieldError("item.item_no", "must be 1 or more");
  return absl::OkStatus();
}

absl::StatusOr<InvoiceItem> InvoiceFlow::GetItem(const std::string& org_id, ItemKey key) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckItemKey(key); !s.ok()) return s;
  auto found = invoices_->GetInvoiceItem(org_id, key);
  if (!found.ok()) return found.status();
  return found->second;
}

absl::StatusOr<ItemRedemption> InvoiceFlow::Redeem(const std::string& org_id, ItemKey key,
                                                   const std::string& customer_id,
                                                   const std::string& request_id) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckItemKey(key); !s.ok()) return s;
  if (auto s = CheckUuid("customer_id", customer_id); !s.ok()) return s;
  if (auto s = CheckRequestId("request_id", request_id); !s.ok()) return s;
  auto settings = invoices_->GetInvoiceSettings(org_id);
  if (!settings.ok()) return settings.status();
  auto redeemed = invoices_->RedeemItem(org_id, key, customer_id, request_id, NewUuid(),
                                        [](const Invoice& inv, const InvoiceItem& item) {
                                          return CheckRedeemable(inv, item);
                                        });
  if (!redeemed.ok()) return redeemed.status();
  redeemed->sign_on_url =
      SignOnUrl(settings->sign_on_url_template, org_id, customer_id, redeemed->item);
  return redeemed;
}

absl::StatusOr<InvoiceSettings> InvoiceFlow::GetSettings(const std::string& org_id) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  return invoices_->GetInvoiceSettings(org_id);
}

absl::StatusOr<InvoiceSettings> InvoiceFlow::SetSettings(InvoiceSettings settings) {
  auto org = LoadOrg(*repos_.orgs, settings.org_id);
  if (!org.ok()) return org.status();
  if (settings.open_minutes == 0) {
    auto current = invoices_->GetInvoiceSettings(settings.org_id);
    if (!current.ok()) return current.status();
    settings.open_minutes = current->open_minutes;
  }
  if (auto s = ValidateInvoiceSettings(settings); !s.ok()) return s;
  return invoices_->SetInvoiceSettings(settings);
}

}  // namespace tillstream
