#include "server/storage/pg_report_repository.h"

#include "absl/strings/str_cat.h"
#include "server/domain/invoicing/invoices.h"
#include "server/storage/pg_bill_rows.h"
#include "server/storage/pg_customer_repository.h"
#include "server/storage/pg_loyalty_bookings.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Enum;
using pg::Transact;

const int kDeleted = Enum(BillStatus::kDeleted);

void ReadTills(pqxx::transaction_base& tx, const std::string& org_id,
               const std::string& day, DaySummary* summary) {
  for (const auto& r : tx.exec_params(
           "SELECT store_id, till_id, count(*) AS bills,"
           " coalesce(sum(line_count), 0) AS lines, coalesce(sum(total_minor), 0) AS "
           "total,"
           " coalesce(sum(tax_minor), 0) AS tax"
           " FROM bills WHERE org_id = $1 AND business_date = $2::date AND status <> $3"
           " GROUP BY store_id, till_id ORDER BY store_id, till_id",
           org_id, day, kDeleted)) {
    summary->tills.push_back(
        TillDayFigures{r["store_id"].as<std::string>(), r["till_id"].as<std::string>(),
                       r["bills"].as<int64_t>(), r["lines"].as<int64_t>(),
                       r["total"].as<int64_t>(), r["tax"].as<int64_t>()});
  }
  for (const auto& r : tx.exec_params(
           "SELECT status, count(*) AS bills, coalesce(sum(total_minor), 0) AS total"
           " FROM bills WHERE org_id = $1 AND business_date = $2::date"
           " GROUP BY status ORDER BY status",
           org_id, day)) {
    summary->statuses.push_back(StatusFigures{pg::EnumOf<BillStatus>(r["status"]),
                                              r["bills"].as<int64_t>(),
                                              r["total"].as<int64_t>()});
  }
  const pqxx::row returns = tx.exec_params1(
      "SELECT count(*) AS bills, coalesce(sum(total_minor), 0) AS total FROM bills"
      " WHERE org_id = $1 AND business_date = $2::date AND bill_type = $3"
      " AND status <> $4",
      org_id, day, Enum(BillType::kReturn), kDeleted);
  summary->returns = returns["bills"].as<int64_t>();
  summary->refunded_minor = returns["total"].as<int64_t>();
  // Change is given in cash, so it comes off the cash tender.
  for (const auto& r : tx.exec_params(
           "SELECT t.tender_type, sum(t.amount_minor) - CASE WHEN t.tender_type = $3"
           " THEN (SELECT coalesce(sum(change_minor), 0) FROM bills"
           "       WHERE org_id = $1 AND business_date = $2::date AND status <> $4)"
           " ELSE 0 END AS net"
           " FROM bill_tenders t JOIN bills b USING (org_id, bill_id)"
           " WHERE b.org_id = $1 AND b.business_date = $2::date AND b.status <> $4"
           " GROUP BY t.tender_type ORDER BY t.tender_type",
           org_id, day, Enum(TenderType::kCash), kDeleted)) {
    summary->tenders.emplace_back(pg::EnumOf<TenderType>(r["tender_type"]),
                                  r["net"].as<int64_t>());
  }
}

LoyaltyDayFigures ReadLoyaltyDay(pqxx::transaction_base& tx, const std::string& org_id,
                                 const std::string& day) {
  LoyaltyDayFigures f;
  const pqxx::row points = tx.exec_params1(
      "SELECT coalesce(sum(l.points) FILTER (WHERE l.kind = $3), 0)::bigint AS earned,"
      " coalesce(-sum(l.points) FILTER (WHERE l.kind = $4), 0)::bigint AS redeemed,"
      " coalesce(-sum(l.points) FILTER (WHERE l.kind = $5), 0)::bigint AS reversed,"
      " coalesce(sum(l.points) FILTER (WHERE l.kind = $6), 0)::bigint AS refunded"
      " FROM points_ledger l JOIN bills b USING (org_id, bill_id)"
      " WHERE b.org_id = $1 AND b.business_date = $2::date",
      org_id, day, Enum(LedgerKind::kEarn), Enum(LedgerKind::kRedeem),
      Enum(LedgerKind::kEarnReversal), Enum(LedgerKind::kRedeemRefund));
  f.points_earned = points["earned"].as<int64_t>();
  f.points_redeemed = points["redeemed"].as<int64_t>();
  f.points_reversed = points["reversed"].as<int64_t>();
  f.points_refunded = points["refunded"].as<int64_t>();
  const pqxx::row coupons = tx.exec_params1(
      "SELECT count(*) AS redeemed, coalesce(sum(r.amount_minor), 0)::bigint AS amount"
      " FROM coupon_redemptions r JOIN bills b USING (org_id, bill_id)"
      " WHERE b.org_id = $1 AND b.business_date = $2::date"
      " AND r.reactivated_at IS NULL",
      org_id, day);
  f.coupons_redeemed = coupons["redeemed"].as<int64_t>();
  f.coupon_amount_minor = coupons["amount"].as<int64_t>();
  const pqxx::row customers = tx.exec_params1(
      "SELECT count(*) AS bills, count(*) FILTER (WHERE tagged_by IS NOT NULL) AS tagged"
      " FROM bills WHERE org_id = $1 AND business_date = $2::date AND status = $3",
      org_id, day, Enum(BillStatus::kRegular));
  f.customer_bills = customers["bills"].as<int64_t>();
  f.bills_tagged = customers["tagged"].as<int64_t>();
  return f;
}

// Invoices committed on the day and items redeemed on it, in the org's zone.
InvoiceDayFigures ReadInvoiceDay(pqxx::transaction_base& tx, const std::string& org_id,
                                 const std::string& day) {
  InvoiceDayFigures f;
  const pqxx::row committed = tx.exec_params1(
      "WITH day AS (SELECT i.invoice_id FROM invoices i JOIN orgs o USING (org_id)"
      "   WHERE i.org_id = $1 AND i.status = $3"
      "   AND (i.closed_at AT TIME ZONE o.time_zone)::date = $2::date)"
      " SELECT (SELECT count(*) FROM day) AS committed,"
      " (SELECT coalesce(sum(amount_minor), 0) FROM invoice_items"
      "   WHERE org_id = $1 AND invoice_id IN (SELECT invoice_id FROM day))::bigint"
      "   AS invoiced,"
      " (SELECT coalesce(sum(amount_minor) FILTER (WHERE kind = $4), 0)"
      "   FROM invoice_payments"
      "   WHERE org_id = $1 AND invoice_id IN (SELECT invoice_id FROM day))::bigint"
      "   AS paid,"
      " (SELECT coalesce(sum(amount_minor) FILTER (WHERE kind = $5), 0)"
      "   FROM invoice_payments"
      "   WHERE org_id = $1 AND invoice_id IN (SELECT invoice_id FROM day))::bigint"
      "   AS scheduled",
      org_id, day, Enum(InvoiceStatus::kCommitted), Enum(PaymentKind::kTaken),
      Enum(PaymentKind::kScheduled));
  f.committed = committed["committed"].as<int64_t>();
  f.invoiced_minor = committed["invoiced"].as<int64_t>();
  f.paid_minor = committed["paid"].as<int64_t>();
  f.scheduled_minor = committed["scheduled"].as<int64_t>();
  f.items_redeemed =
      tx.exec_params1(
            "SELECT count(*) AS redeemed FROM invoice_items t JOIN orgs o USING (org_id)"
            " WHERE t.org_id = $1 AND t.redeemed_at IS NOT NULL"
            " AND (t.redeemed_at AT TIME ZONE o.time_zone)::date = $2::date",
            org_id, day)["redeemed"]
          .as<int64_t>();
  return f;
}

// Purchases recorded from other systems with the day as business date.
PurchaseDayFigures ReadPurchaseDay(pqxx::transaction_base& tx, const std::string& org_id,
                                   const std::string& day) {
  const pqxx::row r = tx.exec_params1(
      "SELECT count(*) AS purchases,"
      " count(*) FILTER (WHERE refund_minor < 0 OR EXISTS (SELECT 1 FROM purchase_lines l"
      "   WHERE l.org_id = p.org_id AND l.purchase_id = p.purchase_id AND l.is_refund))"
      "   AS with_refunds,"
      " count(customer_id) AS with_customer, coalesce(sum(paid_minor), 0)::bigint AS "
      "paid,"
      " coalesce(sum(refund_minor), 0)::bigint AS refunded,"
      " coalesce(sum(points_earned), 0)::bigint AS earned,"
      " coalesce(sum(points_reversed), 0)::bigint AS reversed"
      " FROM purchases p WHERE org_id = $1 AND business_date = $2::date",
      org_id, day);
  PurchaseDayFigures f;
  f.purchases = r["purchases"].as<int64_t>();
  f.with_refunds = r["with_refunds"].as<int64_t>();
  f.customer_purchases = r["with_customer"].as<int64_t>();
  f.paid_minor = r["paid"].as<int64_t>();
  f.refunded_minor = r["refunded"].as<int64_t>();
  f.points_earned = r["earned"].as<int64_t>();
  f.points_reversed = r["reversed"].as<int64_t>();
  return f;
}

std::vector<OfflineBillNote> ReadOfflineBills(pqxx::transaction_base& tx,
                                              const std::string& org_id,
                                              const std::string& day) {
  std::vector<OfflineBillNote> out;
  for (const auto& r : tx.exec_params(
           absl::StrCat(
               "SELECT bill_id::text AS bill_id, store_id, till_id, bill_number, ",
               pg::MicrosColumn("billing_time"),
               ", total_minor, coalesce(catalog_version, 0) AS catalog_version, ",
               pg::JoinedArray("warnings"),
               " FROM bills WHERE org_id = $1 AND business_date = $2::date"
               " AND offline AND status <> $3 ORDER BY billing_time, bill_id"),
           org_id, day, kDeleted)) {
    out.push_back(OfflineBillNote{
        r["bill_id"].as<std::string>(), r["store_id"].as<std::string>(),
        r["till_id"].as<std::string>(), r["bill_number"].as<std::string>(),
        pg::TimeOf(r, "billing_time_us"), r["total_minor"].as<int64_t>(),
        r["catalog_version"].as<int>(), pg::SplitArray(r["warnings"])});
  }
  return out;
}

}  // namespace

absl::StatusOr<CustomerProfile> PgReportRepository::GetProfile(
    const std::string& org_id, const std::string& customer_id, int last_bills,
    absl::CivilDay today) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<CustomerProfile> {
    pqxx::read_transaction tx(c);
    auto customer = pg::ReadCustomer(tx, org_id, customer_id);
    if (!customer) {
      return absl::NotFoundError(
          absl::StrCat("customer ", customer_id, " not found in org ", org_id));
    }
    CustomerProfile profile;
    profile.customer = *std::move(customer);
    profile.points = pg::ReadBalance(tx, org_id, customer_id);
    for (const auto& row : tx.exec_params(
             absl::StrCat("SELECT ", pg::kSummaryColumns,
                          " FROM bills WHERE org_id = $1 AND customer_id = $2::uuid"
                          " ORDER BY billing_time DESC, bill_id DESC LIMIT $3"),
             org_id, customer_id, last_bills)) {
      profile.last_bills.push_back(pg::SummaryFromRow(row));
    }
    profile.coupons = pg::ReadUsableCoupons(tx, org_id, customer_id, today);
    return profile;
  });
}

absl::StatusOr<DaySummary> PgReportRepository::GetDaySummary(
    const std::string& org_id, const std::string& business_date) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<DaySummary> {
    // One snapshot for every query, so the figures agree.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
    DaySummary summary;
    summary.org_id = org_id;
    summary.business_date = business_date;
    summary.currency =
        tx.exec_params1("SELECT currency FROM orgs WHERE org_id = $1", org_id)["currency"]
            .as<std::string>();
    ReadTills(tx, org_id, business_date, &summary);
    summary.loyalty = ReadLoyaltyDay(tx, org_id, business_date);
    summary.invoices = ReadInvoiceDay(tx, org_id, business_date);
    summary.purchases = ReadPurchaseDay(tx, org_id, business_date);
    summary.offline_bills = ReadOfflineBills(tx, org_id, business_date);
    return summary;
  });
}

}  // namespace tillstream
