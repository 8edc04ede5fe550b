#include "server/storage/pg_purchase_repository.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "server/storage/pg_loyalty_bookings.h"
#include "server/storage/pg_sql.h"
#include "server/storage/pg_transaction.h"

namespace tillstream {
namespace {

using pg::Enum;
using pg::MicrosColumn;
using pg::Transact;

const std::string kPurchaseColumns = absl::StrCat(
    "purchase_id::text AS purchase_id, source, external_transaction_id, store_id, ",
    MicrosColumn("purchase_time"),
    ", to_char(business_date, 'YYYY-MM-DD') AS business_date, channel, order_type,"
    " pay_method, member_id, external_customer_id, email,"
    " coalesce(customer_id::text, '') AS customer_id, currency, sub_total_minor,"
    " item_discount_minor, sale_discount_minor, tax_minor, refund_minor, paid_minor,"
    " prices_include_tax, points_earned, points_reversed, ",
    MicrosColumn("recorded_at"), ", request_sha256");

struct Row {
  StoredPurchase record;
  std::string fingerprint;
};

Row FromRow(const std::string& org_id, const pqxx::row& r) {
  Row out;
  StoredPurchase& s = out.record;
  Purchase& p = s.purchase;
  s.org_id = org_id;
  s.purchase_id = r["purchase_id"].as<std::string>();
  p.source = r["source"].as<std::string>();
  p.external_transaction_id = r["external_transaction_id"].as<std::string>();
  p.store_id = r["store_id"].as<std::string>();
  p.purchase_time = pg::TimeOf(r, "purchase_time_us");
  s.business_date = r["business_date"].as<std::string>();
  p.channel = pg::EnumOf<PurchaseChannel>(r["channel"]);
  p.order_type = r["order_type"].as<std::string>();
  p.pay_method = r["pay_method"].as<std::string>();
  p.member_id = r["member_id"].as<std::string>();
  p.external_customer_id = r["external_customer_id"].as<std::string>();
  p.email = r["email"].as<std::string>();
  s.customer_id = r["customer_id"].as<std::string>();
  p.currency = r["currency"].as<std::string>();
  p.sub_total_minor = r["sub_total_minor"].as<int64_t>();
  p.item_discount_minor = r["item_discount_minor"].as<int64_t>();
  p.sale_discount_minor = r["sale_discount_minor"].as<int64_t>();
  p.tax_minor = r["tax_minor"].as<int64_t>();
  p.refund_minor = r["refund_minor"].as<int64_t>();
  p.paid_minor = r["paid_minor"].as<int64_t>();
  p.prices_include_tax = r["prices_include_tax"].as<bool>();
  s.points_earned = r["points_earned"].as<int64_t>();
  s.points_reversed = r["points_reversed"].as<int64_t>();
  s.recorded_at = pg::TimeOf(r, "recorded_at_us");
  out.fingerprint = r["request_sha256"].as<std::string>();
  return out;
}

std::optional<Row> ReadPurchase(pqxx::transaction_base& tx, const std::string& org_id,
                                const std::string& source, const std::string& external_id,
                                bool for_update) {
  const pqxx::result r =
      tx.exec_params(absl::StrCat("SELECT ", kPurchaseColumns,
                                  " FROM purchases WHERE org_id = $1 AND source = $2"
                                  " AND external_transaction_id = $3",
                                  for_update ? " FOR UPDATE" : ""),
                     org_id, source, external_id);
  if (r.empty()) return std::nullopt;
  Row row = FromRow(org_id, r[0]);
  for (const auto& l : tx.exec_params(
           "SELECT l.line_no, l.sku, l.name, l.quantity_milli, l.uom, l.unit_price_minor,"
           " l.extended_minor, l.item_discount_minor, l.sale_discount_minor, l.is_refund,"
           " coalesce(o.external_transaction_id, '') AS refunds_transaction_id,"
           " coalesce(l.refunds_line_no, 0) AS refunds_line_no, l.points"
           " FROM purchase_lines l LEFT JOIN purchases o"
           " ON o.org_id = l.org_id AND o.purchase_id = l.refunds_purchase_id"
           " WHERE l.org_id = $1 AND l.purchase_id = $2::uuid ORDER BY l.line_no",
           org_id, row.record.purchase_id)) {
    PurchaseLine line;
    line.line_no = l["line_no"].as<int32_t>();
    line.sku = l["sku"].as<std::string>();
    line.name = l["name"].as<std::string>();
    line.quantity_milli = l["quantity_milli"].as<int64_t>();
    line.unit = pg::EnumOf<Uom>(l["uom"]);
    line.unit_price_minor = l["unit_price_minor"].as<int64_t>();
    line.extended_minor = l["extended_minor"].as<int64_t>();
    line.item_discount_minor = l["item_discount_minor"].as<int64_t>();
    line.sale_discount_minor = l["sale_discount_minor"].as<int64_t>();
    line.is_refund = l["is_refund"].as<bool>();
    line.refunds_transaction_id = l["refunds_transaction_id"].as<std::string>();
    line.refunds_line_no = l["refunds_line_no"].as<int32_t>();
    line.points = l["points"].as<int64_t>();
    row.record.purchase.lines.push_back(std::move(line));
  }
  return row;
}

// The sale lines of one recorded purchase with what earlier refunds took.
void ReadRefundable(pqxx::transaction_base& tx, const std::string& org_id,
                    const Row& original, RefundedLines* out) {
  for (const auto& r : tx.exec_params(
           "SELECT l.line_no, l.sku, l.quantity_milli, l.points,"
           " coalesce(-sum(f.quantity_milli), 0) AS refunded_milli"
           " FROM purchase_lines l LEFT JOIN purchase_lines f ON f.org_id = l.org_id"
           " AND f.refunds_purchase_id = l.purchase_id AND f.refunds_line_no = l.line_no"
           " WHERE l.org_id = $1 AND l.purchase_id = $2::uuid AND NOT l.is_refund"
           " GROUP BY l.line_no, l.sku, l.quantity_milli, l.points",
           org_id, original.record.purchase_id)) {
    RefundedLine line;
    line.purchase_id = original.record.purchase_id;
    line.customer_id = original.record.customer_id;
    line.sku = r["sku"].as<std::string>();
    line.quantity_milli = r["quantity_milli"].as<int64_t>();
    line.points = r["points"].as<int64_t>();
    line.refunded_milli = r["refunded_milli"].as<int64_t>();
    (*out)[{original.record.purchase.external_transaction_id,
            r["line_no"].as<int32_t>()}] = line;
  }
}

// False when (source, external id) was recorded by a concurrent transaction.
bool InsertPurchase(pqxx::transaction_base& tx, const StoredPurchase& s,
                    const std::string& fingerprint, const RefundedLines& originals) {
  const Purchase& p = s.purchase;
  const pqxx::result inserted = tx.exec_params(
      absl::StrCat(
          "INSERT INTO purchases (org_id, purchase_id, source, external_transaction_id,"
          " request_sha256, store_id, purchase_time, business_date, channel, order_type,"
          " pay_method, member_id, external_customer_id, email, customer_id, currency,"
          " sub_total_minor, item_discount_minor, sale_discount_minor, tax_minor,"
          " refund_minor, paid_minor, prices_include_tax, points_earned, points_reversed)"
          " VALUES ($1, $2::uuid, $3, $4, $5, $6, ",
          pg::FromMicros(7),
          ", $8::date, $9, $10, $11, $12, $13, $14, $15::uuid, $16, $17, $18, $19, $20,"
          " $21, $22, $23, $24, $25)"
          " ON CONFLICT (org_id, source, external_transaction_id) DO NOTHING"
          " RETURNING purchase_id"),
      s.org_id, s.purchase_id, p.source, p.external_transaction_id, fingerprint,
      p.store_id, absl::ToUnixMicros(p.purchase_time), s.business_date, Enum(p.channel),
      p.order_type, p.pay_method, p.member_id, p.external_customer_id, p.email,
      pg::NullIfEmpty(s.customer_id), p.currency, p.sub_total_minor,
      p.item_discount_minor, p.sale_discount_minor, p.tax_minor, p.refund_minor,
      p.paid_minor, p.prices_include_tax, s.points_earned, s.points_reversed);
  if (inserted.empty()) return false;
  for (const PurchaseLine& l : p.lines) {
    // NULL unless a refund line: empty strings go in as NULL.
    std::string refunds_purchase, refunds_line;
    if (l.is_refund) {
      refunds_purchase =
          originals.at({l.refunds_transaction_id, l.refunds_line_no}).purchase_id;
      refunds_line = std::to_string(l.refunds_line_no);
    }
    tx.exec_params(
        "INSERT INTO purchase_lines (org_id, purchase_id, line_no, sku, name, "
        "quantity_milli,"
        " uom, unit_price_minor, extended_minor, item_discount_minor, "
        "sale_discount_minor,"
        " is_refund, refunds_purchase_id, refunds_line_no, points)"
        " VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::uuid,"
        " $14::integer, $15)",
        s.org_id, s.purchase_id, l.line_no, l.sku, l.name, l.quantity_milli, Enum(l.unit),
        l.unit_price_minor, l.extended_minor, l.item_discount_minor,
        l.sale_discount_minor, l.is_refund, pg::NullIfEmpty(refunds_purchase),
        pg::NullIfEmpty(refunds_line), l.points);
  }
  return true;
}

}  // namespace

absl::StatusOr<StoredPurchase> PgPurchaseRepository::RecordPurchase(
    const StoredPurchase& in, const std::string& fingerprint,
    const PurchasePlanner& plan) {
  const Purchase& p = in.purchase;
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoredPurchase> {
    pqxx::work tx(c);
    // A resend answers the stored record.
    const auto answered_before = [&]() -> std::optional<absl::StatusOr<StoredPurchase>> {
      auto seen = ReadPurchase(tx, in.org_id, p.source, p.external_transaction_id, false);
      if (!seen) return std::nullopt;
      if (seen->fingerprint != fingerprint) {
        return absl::AlreadyExistsError(absl::StrCat(
            p.source, " transaction ", p.external_transaction_id,
            " is already recorded (", seen->record.purchase_id, ") with other content"));
      }
      seen->record.replayed = true;
      return seen->record;
    };
    if (auto before = answered_before()) return *std::move(before);
    if (tx.exec_params("SELECT 1 FROM stores WHERE org_id = $1 AND store_id = $2",
                       in.org_id, p.store_id)
            .empty()) {
      return absl::NotFoundError(
          absl::StrCat("store_id ", p.store_id, " is not a store of org ", in.org_id));
    }
    // Lock the originals in a fixed order, so crossing refunds cannot deadlock.
    std::set<std::string> refunded;
    for (const auto& l : p.lines) {
      if (l.is_refund) refunded.insert(l.refunds_transaction_id);
    }
    RefundedLines originals;
    for (const std::string& id : refunded) {
      auto original = ReadPurchase(tx, in.org_id, p.source, id, /*for_update=*/true);
      if (!original) {
        return absl::FailedPreconditionError(
            absl::StrCat("refund lines point at ", p.source, " transaction ", id,
                         ", which is not recorded; record the original purchase first"));
      }
      ReadRefundable(tx, in.org_id, *original, &originals);
    }
    // A resend that waited for those locks finds the first one stored now.
    if (!refunded.empty()) {
      if (auto before = answered_before()) return *std::move(before);
    }
    auto planned = plan(pg::ReadLoyaltyConfig(tx, in.org_id).config, originals);
    if (!planned.ok()) return planned.status();
    StoredPurchase record = in;
    record.purchase = *std::move(planned);
    // Reversals per original buyer, earned points to this buyer.
    std::map<std::string, int64_t> reversals;
    for (const PurchaseLine& l : record.purchase.lines) {
      if (l.is_refund) {
        const RefundedLine& o =
            originals.at({l.refunds_transaction_id, l.refunds_line_no});
        if (!o.customer_id.empty() && l.points < 0) reversals[o.customer_id] -= l.points;
      } else {
        record.points_earned += l.points;
      }
    }
    // Capped first, so the header records what is actually taken back.
    std::map<std::string, int64_t> taken;
    for (const auto& [customer, points] : reversals) {
      taken[customer] = std::min(points, pg::LockAccount(tx, in.org_id, customer));
      record.points_reversed += taken[customer];
    }
    if (!InsertPurchase(tx, record, fingerprint, originals)) {
      // The same transaction was recorded meanwhile: run again to answer it.
      pg::RetryTransaction("a resend of this purchase was recorded concurrently");
    }
    if (record.points_earned > 0) {
      const int64_t balance = pg::LockAccount(tx, in.org_id, record.customer_id);
      pg::BookPurchasePoints(
          tx, in.org_id, record.customer_id, LedgerKind::kEarn, record.points_earned,
          balance, record.purchase_id,
          absl::StrCat(p.source, " purchase ", p.external_transaction_id));
    }
    for (const auto& [customer, points] : taken) {
      if (points == 0) continue;
      // Read again: the buyer may also have earned above.
      const int64_t balance = pg::LockAccount(tx, in.org_id, customer);
      pg::BookPurchasePoints(
          tx, in.org_id, customer, LedgerKind::kEarnReversal, -points, balance,
          record.purchase_id,
          absl::StrCat(p.source, " refund ", p.external_transaction_id));
    }
    tx.commit();
    return record;
  });
}

absl::StatusOr<StoredPurchase> PgPurchaseRepository::GetPurchase(
    const std::string& org_id, const std::string& source,
    const std::string& external_transaction_id) {
  return Transact(*pool_, [&](pqxx::connection& c) -> absl::StatusOr<StoredPurchase> {
    pqxx::read_transaction tx(c);
    auto row = ReadPurchase(tx, org_id, source, external_transaction_id, false);
    if (!row) {
      return absl::NotFoundError(absl::StrCat("no ", source, " transaction ",
                                              external_transaction_id, " is recorded"));
    }
    return row->record;
  });
}

}  // namespace tillstream
