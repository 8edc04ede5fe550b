#include "server/storage/pg_bill_rows.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "server/storage/pg_loyalty_bookings.h"
#include "server/storage/pg_sql.h"

namespace tillstream::pg {

std::string ClaimRange(int time_param, int days_param) {
  const std::string t = FromMicros(time_param);
  return absl::StrCat("tstzrange(", t, " - $", days_param,
                      "::int * interval '12 hours', ", t, " + $", days_param,
                      "::int * interval '12 hours')");
}

void PrepareBillStatements(pqxx::connection& c) {
  // The whole bill in one statement, so one round trip and one implicit
  // transaction: lines and tenders are inserted only when the header is.
  c.prepare(
      "save_bill",
      absl::StrCat(
          "WITH header AS ("
          " INSERT INTO bills (org_id, bill_id, store_id, till_id, bill_number,"
          " billing_time, business_date, currency, customer_id, total_minor, tax_minor,"
          " tendered_minor, change_minor, line_count, request_sha256, status, warnings,"
          " subtotal_minor, discount_minor, bill_type, original_bill_id, return_type,"
          " return_reason)"
          " VALUES ($1, $2::uuid, $3, $4, $5, ",
          FromMicros(6),
          ", $7::date, $8, $9::uuid, $10, $11, $12, $13, $14, $15, $28::smallint,"
          " $31::text[], $35, $36, $37::smallint, $38::uuid, $39::smallint, $40)"
          " ON CONFLICT (org_id, bill_id) DO NOTHING RETURNING received_at),"
          " lines AS ("
          " INSERT INTO bill_lines (org_id, bill_id, line_no, sku, name, quantity_milli,"
          " uom, unit_price_minor, amount_minor, tax_rate_bp, tax_minor, gross_minor,"
          " item_discount_minor, sale_discount_minor, original_line_no)"
          " SELECT $1, $2::uuid, l.no, l.sku, l.name, l.qty, l.uom, l.price, l.amount,"
          " l.rate, l.tax, l.gross, l.item_discount, l.sale_discount, nullif(l.original, "
          "0)"
          " FROM header, unnest($16::int[], $17::text[], $18::text[], $19::bigint[],"
          " $20::smallint[], $21::bigint[], $22::bigint[], $23::int[], $24::bigint[],"
          " $32::bigint[], $33::bigint[], $34::bigint[], $41::int[]) AS l(no, sku, name, "
          "qty,"
          " uom, price, amount, rate, tax, gross, item_discount, sale_discount, "
          "original)),"
          " tenders AS ("
          " INSERT INTO bill_tenders (org_id, bill_id, seq, tender_type, amount_minor,"
          " reference)"
          " SELECT $1, $2::uuid, t.seq, t.type, t.amount, t.ref FROM header,"
          " unnest($25::smallint[], $26::bigint[], $27::text[])"
          " WITH ORDINALITY AS t(type, amount, ref, seq)),"
          // The number claim, when numbers must be unique ($30 > 0 days).
          " claim AS ("
          " INSERT INTO bill_number_claims (org_id, scope_key, bill_number, validity,"
          " bill_id) SELECT $1, $29, $5, ",
          ClaimRange(6, 30),
          ", $2::uuid FROM header WHERE $30::int > 0)"
          " SELECT ",
          MicrosColumn("received_at"), " FROM header"));
}

const std::string kSummaryColumns = absl::StrCat(
    "bill_id::text AS bill_id, bill_number, store_id, till_id, ",
    MicrosColumn("billing_time"), ", currency, total_minor, line_count, status");

BillSummary SummaryFromRow(const pqxx::row& r) {
  return BillSummary{r["bill_id"].as<std::string>(),  r["bill_number"].as<std::string>(),
                     r["store_id"].as<std::string>(), r["till_id"].as<std::string>(),
                     TimeOf(r, "billing_time_us"),    r["currency"].as<std::string>(),
                     r["total_minor"].as<int64_t>(),  r["line_count"].as<int32_t>(),
                     EnumOf<BillStatus>(r["status"])};
}

std::optional<StoredBill> ReadBill(pqxx::transaction_base& tx, const std::string& org_id,
                                   const std::string& bill_id, std::string* fingerprint) {
  const pqxx::result h = tx.exec_params(
      absl::StrCat("SELECT store_id, till_id, bill_number, ",
                   MicrosColumn("billing_time"),
                   ", business_date::text AS business_date, currency,"
                   " coalesce(customer_id::text, '') AS customer_id, total_minor,"
                   " tax_minor, tendered_minor, change_minor, request_sha256, ",
                   MicrosColumn("received_at"), ", status, ", JoinedArray("warnings"),
                   ", subtotal_minor, discount_minor, bill_type,"
                   " coalesce(original_bill_id::text, '') AS original_bill_id,"
                   " coalesce(return_type, 0) AS return_type, return_reason,"
                   " coalesce(tagged_by, '') AS tagged_by, coalesce(",
                   Micros("tagged_at"), ", 0) AS tagged_at_us",
                   " FROM bills WHERE org_id = $1 AND bill_id = $2::uuid"),
      org_id, bill_id);
  if (h.empty()) return std::nullopt;
  StoredBill stored;
  Bill& b = stored.bill;
  const pqxx::row& r = h[0];
  b.org_id = org_id;
  b.bill_id = bill_id;
  b.store_id = r["store_id"].as<std::string>();
  b.till_id = r["till_id"].as<std::string>();
  b.bill_number = r["bill_number"].as<std::string>();
  b.billing_time = TimeOf(r, "billing_time_us");
  b.business_date = r["business_date"].as<std::string>();
  b.currency = r["currency"].as<std::string>();
  b.customer_id = r["customer_id"].as<std::string>();
  b.total_minor = r["total_minor"].as<int64_t>();
  b.tax_minor = r["tax_minor"].as<int64_t>();
  b.tendered_minor = r["tendered_minor"].as<int64_t>();
  b.change_minor = r["change_minor"].as<int64_t>();
  if (fingerprint) *fingerprint = r["request_sha256"].as<std::string>();
  stored.received_at = TimeOf(r, "received_at_us");
  b.status = EnumOf<BillStatus>(r["status"]);
  b.warnings = SplitArray(r["warnings"]);
  b.subtotal_minor = r["subtotal_minor"].as<int64_t>();
  b.discount_minor = r["discount_minor"].as<int64_t>();
  b.type = EnumOf<BillType>(r["bill_type"]);
  b.original_bill_id = r["original_bill_id"].as<std::string>();
  if (const int rt = r["return_type"].as<int>(); rt != 0) {
    b.return_type = static_cast<ReturnType>(rt);
  }
  b.return_reason = r["return_reason"].as<std::string>();
  b.tagged_by = r["tagged_by"].as<std::string>();
  if (!b.tagged_by.empty()) b.tagged_at = TimeOf(r, "tagged_at_us");
  b.loyalty = ReadBillLoyalty(tx, org_id, bill_id);

  for (const auto& l : tx.exec_params(
           "SELECT line_no, sku, name, quantity_milli, uom, unit_price_minor, "
           "amount_minor, tax_rate_bp, tax_minor, gross_minor, item_discount_minor, "
           "sale_discount_minor, coalesce(original_line_no, 0) AS original_line_no"
           " FROM bill_lines WHERE org_id = $1 AND bill_id = $2::uuid ORDER BY line_no",
           org_id, bill_id)) {
    PricedLine line;
    line.line_no = l["line_no"].as<int32_t>();
    line.sku = l["sku"].as<std::string>();
    line.name = l["name"].as<std::string>();
    line.quantity_milli = l["quantity_milli"].as<int64_t>();
    line.uom = EnumOf<Uom>(l["uom"]);
    line.unit_price_minor = l["unit_price_minor"].as<int64_t>();
    line.amount_minor = l["amount_minor"].as<int64_t>();
    line.tax_rate_bp = l["tax_rate_bp"].as<int32_t>();
    line.tax_minor = l["tax_minor"].as<int64_t>();
    line.gross_minor = l["gross_minor"].as<int64_t>();
    line.item_discount_minor = l["item_discount_minor"].as<int64_t>();
    line.sale_discount_minor = l["sale_discount_minor"].as<int64_t>();
    line.original_line_no = l["original_line_no"].as<int32_t>();
    b.lines.push_back(std::move(line));
  }
  for (const auto& t :
       tx.exec_params("SELECT tender_type, amount_minor, reference FROM bill_tenders "
                      "WHERE org_id = $1 AND bill_id = $2::uuid ORDER BY seq",
                      org_id, bill_id)) {
    b.tenders.push_back(Tender{EnumOf<TenderType>(t["tender_type"]),
                               t["amount_minor"].as<int64_t>(),
                               t["reference"].as<std::string>()});
  }
  return stored;
}

pqxx::result ExecSaveBill(pqxx::transaction_base& tx, const Bill& bill,
                          const std::string& fingerprint) {
  std::vector<int32_t> line_no, tax_rate, original_line_no;
  std::vector<std::string> sku, name, reference;
  std::vector<int64_t> qty, unit_price, amount, tax, tender_amount, gross, item_discount,
      sale_discount;
  std::vector<int> uom, tender_type;
  for (const PricedLine& l : bill.lines) {
    line_no.push_back(l.line_no);
    sku.push_back(l.sku);
    name.push_back(l.name);
    qty.push_back(l.quantity_milli);
    uom.push_back(Enum(l.uom));
    unit_price.push_back(l.unit_price_minor);
    amount.push_back(l.amount_minor);
    tax_rate.push_back(l.tax_rate_bp);
    tax.push_back(l.tax_minor);
    gross.push_back(l.gross_minor);
    item_discount.push_back(l.item_discount_minor);
    sale_discount.push_back(l.sale_discount_minor);
    original_line_no.push_back(l.original_line_no);
  }
  for (const Tender& t : bill.tenders) {
    tender_type.push_back(Enum(t.type));
    tender_amount.push_back(t.amount_minor);
    reference.push_back(t.reference);
  }
  const std::string return_type =
      bill.return_type ? absl::StrCat(Enum(*bill.return_type)) : "";
  return tx.exec_prepared(
      "save_bill", bill.org_id, bill.bill_id, bill.store_id, bill.till_id,
      bill.bill_number, absl::ToUnixMicros(bill.billing_time), bill.business_date,
      bill.currency, NullIfEmpty(bill.customer_id), bill.total_minor, bill.tax_minor,
      bill.tendered_minor, bill.change_minor, static_cast<int>(bill.lines.size()),
      fingerprint, PgArray(line_no), PgArray(sku), PgArray(name), PgArray(qty),
      PgArray(uom), PgArray(unit_price), PgArray(amount), PgArray(tax_rate), PgArray(tax),
      PgArray(tender_type), PgArray(tender_amount), PgArray(reference), Enum(bill.status),
      bill.claim ? bill.claim->scope_key : "", bill.claim ? bill.claim->window_days : 0,
      PgArray(bill.warnings), PgArray(gross), PgArray(item_discount),
      PgArray(sale_discount), bill.subtotal_minor, bill.discount_minor, Enum(bill.type),
      NullIfEmpty(bill.original_bill_id), NullIfEmpty(return_type), bill.return_reason,
      PgArray(original_line_no));
}

}  // namespace tillstream::pg
