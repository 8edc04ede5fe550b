#include "server/storage/pg_bill_rows.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "server/storage/pg_loyalty_bookings.h"
#include "server/storage/pg_sql.h"

namespace tillstream::pg {

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
                   Micros("tagged_at"), ", 0) AS tagged_at_us,",
                   " coalesce(deleted_by, '') AS deleted_by,"
                   " coalesce(delete_reason, '') AS delete_reason, coalesce(",
                   Micros("deleted_at"), ", 0) AS deleted_at_us,",
                   " coalesce(cashier_id, '') AS cashier_id,"
                   " coalesce(cashier_session_id::text, '') AS cashier_session_id,"
                   " coalesce(approval_id::text, '') AS approval_id,"
                   " coalesce(approved_by, '') AS approved_by,"
                   " coalesce(catalog_id, '') AS catalog_id,"
                   " coalesce(catalog_version, 0) AS catalog_version, offline",
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
  b.deleted_by = r["deleted_by"].as<std::string>();
  b.delete_reason = r["delete_reason"].as<std::string>();
  b.deleted_at = TimeOf(r, "deleted_at_us");  // 0: the epoch, as unset
  b.cashier_id = r["cashier_id"].as<std::string>();
  b.cashier_session_id = r["cashier_session_id"].as<std::string>();
  b.approval_id = r["approval_id"].as<std::string>();
  b.approved_by = r["approved_by"].as<std::string>();
  b.catalog_id = r["catalog_id"].as<std::string>();
  b.catalog_version = r["catalog_version"].as<int>();
  b.offline = r["offline"].as<bool>();
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

}  // namespace tillstream::pg
