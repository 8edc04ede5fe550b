#include "server/domain/invoicing/invoices.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/business_date.h"
#include "common/enum_names.h"
#include "common/money.h"
#include "common/validation.h"

namespace tillstream {
namespace {

constexpr size_t kMaxOptionValueLength = 500;
constexpr size_t kMaxTemplateLength = 1000;
constexpr const char* kPlaceholders[] = {
    "{enrolment_id}", "{sku}", "{invoice_id}", "{item_no}", "{customer_id}", "{org_id}"};

// Values put into a URL: ids are URL-safe already, a SKU may not be.
std::string UrlEscape(const std::string& s) {
  std::string out;
  for (const unsigned char c : s) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&out, "%", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return out;
}

template <typename Entries>
int64_t SumOfAmounts(const Entries& entries) {
  int64_t sum = 0;
  for (const auto& e : entries) sum += e.amount_minor;
  return sum;
}

}  // namespace

const char* InvoiceStatusName(InvoiceStatus status) {
  return EnumName(status, {"open", "committed", "aborted", "expired"}, "unknown");
}

int64_t Invoice::ItemsTotal() const { return SumOfAmounts(items); }

int64_t Invoice::PaidTotal() const { return SumOfAmounts(payments); }

int64_t Invoice::ScheduledTotal() const { return SumOfAmounts(scheduled); }

int32_t Invoice::RedeemedItems() const {
  int32_t n = 0;
  for (const auto& item : items) n += item.redeemed() ? 1 : 0;
  return n;
}

absl::StatusOr<int64_t> ItemAmount(const InvoiceItemInput& item) {
  // Both factors are bounded by validation; check anyway before multiplying.
  if (item.unit_cost_minor < 0 || item.quantity <= 0 ||
      item.unit_cost_minor > INT64_MAX / item.quantity) {
    return absl::InvalidArgumentError(
        "the item's cost times its quantity is out of range");
  }
  return item.unit_cost_minor * item.quantity;
}

absl::Status ValidateItemInput(const std::string& prefix, const InvoiceItemInput& item) {
  if (auto s = CheckCode(prefix + "sku", item.sku); !s.ok()) return s;
  if (auto s = CheckText(prefix + "name", item.name, kMaxNameLength); !s.ok()) return s;
  if (item.unit_cost_minor < 0)
    return FieldError(prefix + "unit_cost", "must not be negative");
  if (item.unit_cost_minor > kMaxAbsMinorUnits) {
    return FieldError(prefix + "unit_cost", "is beyond what this back office records");
  }
  if (item.quantity < 1 || item.quantity > kMaxInvoiceQuantity) {
    return FieldError(
        prefix + "quantity",
        absl::StrCat("must be a whole number from 1 to ", kMaxInvoiceQuantity));
  }
  if (item.access_days < 0 || item.access_days > kMaxAccessDays) {
    return FieldError(
        prefix + "access_days",
        absl::StrCat("must be from 0 (no access period) to ", kMaxAccessDays));
  }
  if (item.options.size() > kMaxItemOptions) {
    return FieldError(prefix + "options", absl::StrCat("at most ", kMaxItemOptions));
  }
  for (const auto& [key, value] : item.options) {
    if (auto s = CheckCode(prefix + "options key", key); !s.ok()) return s;
    if (auto s = CheckText(absl::StrCat(prefix, "options[", key, "]"), value,
                           kMaxOptionValueLength);
        !s.ok()) {
      return s;
    }
  }
  auto amount = ItemAmount(item);
  if (!amount.ok() || *amount > kMaxAbsMinorUnits) {
    return FieldError(prefix + "quantity",
                      "times unit_cost is beyond what this back office records");
  }
  return absl::OkStatus();
}

absl::Status ValidatePayment(const std::string& prefix, const InvoicePayment& payment,
                             absl::Time now) {
  if (auto s = CheckText(prefix + "payee", payment.payee, kMaxNameLength); !s.ok())
    return s;
  if (payment.amount_minor <= 0) return FieldError(prefix + "amount", "must be positive");
  if (payment.amount_minor > kMaxAbsMinorUnits) {
    return FieldError(prefix + "amount", "is beyond what this back office records");
  }
  if (auto s = CheckCode(prefix + "processor", payment.processor); !s.ok()) return s;
  if (auto s = CheckText(prefix + "processor_transaction_id",
                         payment.processor_transaction_id, kMaxNameLength);
      !s.ok()) {
    return s;
  }
  if (payment.paid_at == absl::UnixEpoch() || payment.paid_at < absl::UnixEpoch()) {
    return FieldError(prefix + "paid_at", "is required");
  }
  if (payment.paid_at > now + absl::Hours(24)) {
    return FieldError(prefix + "paid_at", "is more than a day in the future");
  }
  return absl::OkStatus();
}

absl::Status ValidateScheduledPayment(const std::string& prefix,
                                      const ScheduledPayment& payment) {
  if (payment.amount_minor <= 0) return FieldError(prefix + "amount", "must be positive");
  if (payment.amount_minor > kMaxAbsMinorUnits) {
    return FieldError(prefix + "amount", "is beyond what this back office records");
  }
  if (payment.due_date.year() < 2000 || payment.due_date.year() > 2200) {
    return FieldError(prefix + "due_date", "must be a date YYYY-MM-DD");
  }
  return absl::OkStatus();
}

absl::Status ValidateInvoiceSettings(const InvoiceSettings& settings) {
  if (settings.open_minutes < 1 || settings.open_minutes > kMaxInvoiceOpenMinutes) {
    return FieldError("open_minutes", absl::StrCat("must be from 1 to ",
                                                   kMaxInvoiceOpenMinutes, " (30 days)"));
  }
  const std::string& t = settings.sign_on_url_template;
  if (t.empty()) return absl::OkStatus();
  if (auto s = CheckText("sign_on_url_template", t, kMaxTemplateLength); !s.ok())
    return s;
  if (!absl::StartsWith(t, "https://") && !absl::StartsWith(t, "http://")) {
    return FieldError("sign_on_url_template", "must start with https:// or http://");
  }
  // Every {...} must be a known placeholder: a typo would otherwise send
  // people to a broken link.
  std::string rest = t;
  for (const char* p : kPlaceholders) rest = absl::StrReplaceAll(rest, {{p, ""}});
  if (rest.find('{') != std::string::npos || rest.find('}') != std::string::npos) {
    return FieldError("sign_on_url_template",
                      "has an unknown placeholder; use {enrolment_id} {sku} {invoice_id} "
                      "{item_no} {customer_id} {org_id}");
  }
  for (const char c : rest) {
    if (c == ' ' || c == '"' || c == '<' || c == '>') {
      return FieldError("sign_on_url_template", "must not contain spaces, quotes or <>");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckOpen(const Invoice& invoice, absl::Time now) {
  switch (invoice.status) {
    case InvoiceStatus::kOpen:
      if (now < invoice.expires_at) return absl::OkStatus();
      [[fallthrough]];
    case InvoiceStatus::kExpired:
      return absl::FailedPreconditionError(absl::StrCat(
          "invoice ", invoice.invoice_id, " expired at ", FormatUtc(invoice.expires_at),
          " (it was left open too long); begin a new invoice"));
    case InvoiceStatus::kCommitted:
      return absl::FailedPreconditionError(absl::StrCat(
          "invoice ", invoice.invoice_id, " was committed",
          invoice.closed_at ? absl::StrCat(" at ", FormatUtc(*invoice.closed_at)) : "",
          " and can no longer change"));
    case InvoiceStatus::kAborted:
      return absl::FailedPreconditionError(absl::StrCat(
          "invoice ", invoice.invoice_id, " was aborted",
          invoice.closed_at ? absl::StrCat(" at ", FormatUtc(*invoice.closed_at)) : "",
          invoice.close_reason.empty() ? ""
                                       : absl::StrCat(" (", invoice.close_reason, ")")));
  }
  return absl::InternalError("unknown invoice status");
}

absl::Status CheckCoverage(const Invoice& invoice) {
  if (invoice.items.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", invoice.invoice_id, " has no items to commit"));
  }
  const int64_t items = invoice.ItemsTotal();
  const int64_t paid = invoice.PaidTotal();
  const int64_t scheduled = invoice.ScheduledTotal();
  const int64_t covered = paid + scheduled;
  if (covered == items) return absl::OkStatus();
  const std::string& cur = invoice.currency;
  return absl::FailedPreconditionError(
      absl::StrCat("payments ", FormatMoney(paid, cur), " plus scheduled payments ",
                   FormatMoney(scheduled, cur), " make ", FormatMoney(covered, cur),
                   ", but the items come to ", FormatMoney(items, cur), ": ",
                   FormatMoney(covered < items ? items - covered : covered - items, cur),
                   covered < items ? " short" : " too much"));
}

absl::Status CheckRedeemable(const Invoice& invoice, const InvoiceItem& item) {
  if (invoice.status != InvoiceStatus::kCommitted) {
    return absl::FailedPreconditionError(absl::StrCat(
        "invoice ", invoice.invoice_id, " is ", InvoiceStatusName(invoice.status),
        "; only items of committed invoices can be redeemed"));
  }
  if (item.redeemed()) {
    return absl::FailedPreconditionError(
        absl::StrCat("item ", item.item_no, " of invoice ", invoice.invoice_id,
                     " was already redeemed by customer ", item.redeemed_by, " at ",
                     FormatUtc(*item.redeemed_at)));
  }
  return absl::OkStatus();
}

std::string SignOnUrl(const std::string& url_template, const std::string& org_id,
                      const std::string& customer_id, const InvoiceItem& item) {
  if (url_template.empty()) return "";
  return absl::StrReplaceAll(url_template,
                             {{"{enrolment_id}", UrlEscape(item.enrolment_id)},
                              {"{sku}", UrlEscape(item.input.sku)},
                              {"{invoice_id}", UrlEscape(item.invoice_id)},
                              {"{item_no}", absl::StrCat(item.item_no)},
                              {"{customer_id}", UrlEscape(customer_id)},
                              {"{org_id}", UrlEscape(org_id)}});
}

}  // namespace tillstream
