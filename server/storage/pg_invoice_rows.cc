#include "server/storage/pg_invoice_rows.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/storage/pg_sql.h"

namespace tillstream::pg {
namespace {

// The header, with an open invoice past its time read as expired ($3, $4:
// the stored numbers of OPEN and EXPIRED).
const std::string kInvoiceColumns = absl::StrCat(
    "customer_id::text AS customer_id, note, purchasing_group, currency,"
    " CASE WHEN status = $3 AND expires_at <= now() THEN $4 ELSE status END"
    " AS effective_status, ",
    MicrosColumn("created_at"), ", ", MicrosColumn("expires_at"), ", ",
    MicrosColumn("closed_at"),
    ", close_reason, coalesce(redemption_code, '') AS redemption_code, status");

struct Header {
  Invoice invoice;
  int stored_status = 0;
};

std::optional<Header> ReadHeader(pqxx::transaction_base& tx, const std::string& org_id,
                                 const std::string& invoice_id, bool for_update) {
  const pqxx::result r = tx.exec_params(
      absl::StrCat("SELECT ", kInvoiceColumns,
                   " FROM invoices WHERE org_id = $1 AND invoice_id = $2::uuid",
                   for_update ? " FOR UPDATE" : ""),
      org_id, invoice_id, Enum(InvoiceStatus::kOpen), Enum(InvoiceStatus::kExpired));
  if (r.empty()) return std::nullopt;
  Header h;
  Invoice& inv = h.invoice;
  inv.org_id = org_id;
  inv.invoice_id = invoice_id;
  const pqxx::row& row = r[0];
  inv.customer_id = row["customer_id"].as<std::string>();
  inv.note = row["note"].as<std::string>();
  inv.purchasing_group = row["purchasing_group"].as<std::string>();
  inv.currency = row["currency"].as<std::string>();
  inv.status = pg::EnumOf<InvoiceStatus>(row["effective_status"]);
  inv.created_at = pg::TimeOf(row, "created_at_us");
  inv.expires_at = pg::TimeOf(row, "expires_at_us");
  inv.closed_at = OptTime(row["closed_at_us"]);
  inv.close_reason = row["close_reason"].as<std::string>();
  inv.redemption_code = row["redemption_code"].as<std::string>();
  h.stored_status = row["status"].as<int>();
  return h;
}

const std::string kItemColumns = absl::StrCat(
    "item_no, sku, name, unit_cost_minor, quantity, amount_minor, access_days, ",
    JoinedArray("option_keys"), ", ", JoinedArray("option_values"),
    ", coalesce(redemption_code, '') AS redemption_code,"
    " coalesce(redeemed_by::text, '') AS redeemed_by, ",
    MicrosColumn("redeemed_at"), ", ", MicrosColumn("access_ends"),
    ", coalesce(enrolment_id::text, '') AS enrolment_id");

InvoiceItem ItemFromRow(const std::string& invoice_id, const pqxx::row& r) {
  InvoiceItem item;
  item.invoice_id = invoice_id;
  item.item_no = r["item_no"].as<int32_t>();
  item.input.sku = r["sku"].as<std::string>();
  item.input.name = r["name"].as<std::string>();
  item.input.unit_cost_minor = r["unit_cost_minor"].as<int64_t>();
  item.input.quantity = r["quantity"].as<int64_t>();
  item.amount_minor = r["amount_minor"].as<int64_t>();
  item.input.access_days = r["access_days"].as<int32_t>();
  const auto keys = pg::SplitArray(r["option_keys"]);
  const auto values = pg::SplitArray(r["option_values"]);
  for (size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    item.input.options[keys[i]] = values[i];
  }
  item.redemption_code = r["redemption_code"].as<std::string>();
  item.redeemed_by = r["redeemed_by"].as<std::string>();
  item.redeemed_at = OptTime(r["redeemed_at_us"]);
  item.access_ends = OptTime(r["access_ends_us"]);
  item.enrolment_id = r["enrolment_id"].as<std::string>();
  return item;
}

// The whole invoice: header, items, payments.
}  // namespace

std::optional<Invoice> ReadInvoice(pqxx::transaction_base& tx, const std::string& org_id,
                                   const std::string& invoice_id, bool for_update,
                                   int* stored_status) {
  auto header = ReadHeader(tx, org_id, invoice_id, for_update);
  if (!header) return std::nullopt;
  if (stored_status != nullptr) *stored_status = header->stored_status;
  Invoice inv = std::move(header->invoice);
  for (const auto& r : tx.exec_params(
           absl::StrCat("SELECT ", kItemColumns,
                        " FROM invoice_items WHERE org_id = $1 AND invoice_id = $2::uuid"
                        " ORDER BY item_no"),
           org_id, invoice_id)) {
    inv.items.push_back(ItemFromRow(invoice_id, r));
    inv.items.back().currency = inv.currency;
  }
  for (const auto& r : tx.exec_params(
           absl::StrCat(
               "SELECT kind, amount_minor, payee, processor,"
               " coalesce(processor_transaction_id, '') AS processor_transaction_id, ",
               MicrosColumn("paid_at"),
               ", coalesce(to_char(due_date, 'YYYY-MM-DD'), '') AS due_date"
               " FROM invoice_payments WHERE org_id = $1 AND invoice_id = $2::uuid"
               " ORDER BY payment_no"),
           org_id, invoice_id)) {
    if (pg::EnumOf<PaymentKind>(r["kind"]) == PaymentKind::kTaken) {
      InvoicePayment p;
      p.amount_minor = r["amount_minor"].as<int64_t>();
      p.payee = r["payee"].as<std::string>();
      p.processor = r["processor"].as<std::string>();
      p.processor_transaction_id = r["processor_transaction_id"].as<std::string>();
      p.paid_at = pg::TimeOf(r, "paid_at_us");
      inv.payments.push_back(std::move(p));
    } else {
      ScheduledPayment p;
      p.amount_minor = r["amount_minor"].as<int64_t>();
      absl::ParseCivilTime(r["due_date"].as<std::string>(), &p.due_date);
      inv.scheduled.push_back(p);
    }
  }
  return inv;
}

}  // namespace tillstream::pg
