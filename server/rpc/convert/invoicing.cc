#include "server/rpc/convert/invoicing.h"

#include "server/rpc/convert/wire.h"

namespace tillstream {

// The wire carries the domain's numbers (see invoicing/invoices.h).
static_assert(static_cast<int>(pos::v1::INVOICE_OPEN) ==
                  static_cast<int>(InvoiceStatus::kOpen) &&
              static_cast<int>(pos::v1::INVOICE_COMMITTED) ==
                  static_cast<int>(InvoiceStatus::kCommitted) &&
              static_cast<int>(pos::v1::INVOICE_ABORTED) ==
                  static_cast<int>(InvoiceStatus::kAborted) &&
              static_cast<int>(pos::v1::INVOICE_EXPIRED) ==
                  static_cast<int>(InvoiceStatus::kExpired));

void ToProtoInvoiceItem(const InvoiceItem& item, pos::v1::InvoiceItem* out) {
  const std::string& currency = item.currency;
  out->set_invoice_id(item.invoice_id);
  out->set_item_no(item.item_no);
  out->set_sku(item.input.sku);
  out->set_name(item.input.name);
  *out->mutable_unit_cost() = ToMoney(item.input.unit_cost_minor, currency);
  out->set_quantity(item.input.quantity);
  *out->mutable_amount() = ToMoney(item.amount_minor, currency);
  out->set_access_days(item.input.access_days);
  for (const auto& [k, v] : item.input.options) (*out->mutable_options())[k] = v;
  out->set_redemption_code(item.redemption_code);
  out->set_redeemed(item.redeemed());
  out->set_redeemed_by(item.redeemed_by);
  if (item.redeemed_at) SetTimestamp(*item.redeemed_at, out->mutable_redeemed_at());
  if (item.access_ends) SetTimestamp(*item.access_ends, out->mutable_access_ends());
  out->set_enrolment_id(item.enrolment_id);
}

void ToProtoInvoice(const Invoice& inv, pos::v1::Invoice* out) {
  const std::string& cur = inv.currency;
  out->set_org_id(inv.org_id);
  out->set_invoice_id(inv.invoice_id);
  out->set_customer_id(inv.customer_id);
  out->set_note(inv.note);
  out->set_purchasing_group(inv.purchasing_group);
  out->set_status(static_cast<pos::v1::InvoiceStatus>(static_cast<int>(inv.status)));
  SetTimestamp(inv.created_at, out->mutable_created_at());
  SetTimestamp(inv.expires_at, out->mutable_expires_at());
  if (inv.closed_at) SetTimestamp(*inv.closed_at, out->mutable_closed_at());
  *out->mutable_items_total() = ToMoney(inv.ItemsTotal(), cur);
  *out->mutable_paid_total() = ToMoney(inv.PaidTotal(), cur);
  *out->mutable_scheduled_total() = ToMoney(inv.ScheduledTotal(), cur);
  out->set_redemption_code(inv.redemption_code);
  for (const auto& item : inv.items) ToProtoInvoiceItem(item, out->add_items());
  for (const auto& p : inv.payments) {
    auto* pp = out->add_payments();
    pp->set_payee(p.payee);
    *pp->mutable_amount() = ToMoney(p.amount_minor, cur);
    pp->set_processor(p.processor);
    pp->set_processor_transaction_id(p.processor_transaction_id);
    SetTimestamp(p.paid_at, pp->mutable_paid_at());
  }
  for (const auto& p : inv.scheduled) {
    auto* sp = out->add_scheduled_payments();
    *sp->mutable_amount() = ToMoney(p.amount_minor, cur);
    sp->set_due_date(absl::FormatCivilTime(p.due_date));
  }
  const int32_t redeemed = inv.RedeemedItems();
  out->set_redeemed_items(redeemed);
  out->set_redemption(redeemed == 0 ? pos::v1::NOT_REDEEMED
                      : redeemed == static_cast<int32_t>(inv.items.size())
                          ? pos::v1::FULLY_REDEEMED
                          : pos::v1::PARTLY_REDEEMED);
  out->set_replayed(inv.replayed);
}

}  // namespace tillstream
