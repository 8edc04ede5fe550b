#include "server/storage/pg_repository.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/storage/pg_invoices.h"
#include "server/storage/pg_loyalty_tx.h"
#include "server/storage/pg_purchases.h"
#include "server/storage/pg_sql.h"
#include "server/storage/price_change_feed.h"

namespace tillstream {
namespace {

using pg::FromMicros;
using pg::JoinedArray;
using pg::Micros;
using pg::NullIfEmpty;
using pg::OptString;
using pg::PgArray;
using pg::RunRetryingConflicts;
using pg::SplitArray;

// Rows that start with org_id, name, currency, time_zone, default_country_code.
Org OrgFromRow(const pqxx::row& r) {
  return Org{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
             r[3].as<std::string>(), r[4].as<std::string>()};
}

// Items from rows of kItemColumns. Barcodes are not loaded: pricing needs none.
std::vector<CatalogItem> LoadItems(const pqxx::result& rows) {
  std::vector<CatalogItem> items;
  items.reserve(rows.size());
  for (const auto& r : rows) {
    CatalogItem item;
    item.sku = r[0].as<std::string>();
    item.name = r[1].as<std::string>();
    item.unit_price_minor = r[2].as<int64_t>();
    item.tax_rate_bp = r[3].as<int32_t>();
    item.uom = static_cast<Uom>(r[4].as<int>());
    items.push_back(std::move(item));
  }
  return items;
}

constexpr char kItemColumns[] = "i.sku, i.name, i.unit_price_minor, i.tax_rate_bp, i.uom";

// The claim's validity: half the window on each side of the billing time,
// so two claims overlap exactly when their times are under a window apart.
std::string ClaimRange(int time_param, int days_param) {
  const std::string t = FromMicros(time_param);
  return absl::StrCat("tstzrange(", t, " - $", days_param,
                      "::int * interval '12 hours', ", t, " + $", days_param,
                      "::int * interval '12 hours')");
}

const std::string kBillingConfigColumns = absl::StrCat(
    "version, bill_number_required, bill_number_pattern, bill_number_unique, "
    "unique_scope, "
    "unique_window_days, min_amount_minor, max_amount_minor, out_of_range_action, ",
    JoinedArray("outlier_prefixes"), ", ", JoinedArray("outlier_store_ids"),
    ", test_mode, earliest_billing_date::text, changed_by, ", Micros("changed_at"),
    ", reason, prices_exclude_tax, tax_rounding, return_bill_number_unique");

BillingConfigVersion BillingConfigFromRow(const std::string& org_id, const pqxx::row& r) {
  BillingConfigVersion v;
  v.org_id = org_id;
  v.version = r[0].as<int32_t>();
  BillingConfig& c = v.config;
  c.bill_number_required = r[1].as<bool>();
  c.bill_number_pattern = r[2].as<std::string>();
  c.bill_number_unique = r[3].as<bool>();
  c.unique_scope = static_cast<UniquenessScope>(r[4].as<int>());
  c.unique_window_days = r[5].as<int32_t>();
  if (!r[6].is_null()) c.min_amount_minor = r[6].as<int64_t>();
  if (!r[7].is_null()) c.max_amount_minor = r[7].as<int64_t>();
  c.out_of_range_action = static_cast<OutOfRangeAction>(r[8].as<int>());
  c.outlier_prefixes = SplitArray(r[9]);
  c.outlier_store_ids = SplitArray(r[10]);
  c.test_mode = r[11].as<bool>();
  absl::ParseCivilTime(r[12].as<std::string>(), &c.earliest_billing_date);
  v.changed_by = r[13].as<std::string>();
  v.changed_at = absl::FromUnixMicros(r[14].as<int64_t>());
  v.reason = r[15].as<std::string>();
  c.prices_exclude_tax = r.at(16).as<bool>();
  c.tax_rounding = r.at(17).as<int>() == 2 ? Rounding::kHalfEven : Rounding::kHalfUp;
  c.return_bill_number_unique = r.at(18).as<bool>();
  return v;
}

std::string ScopePhrase(UniquenessScope scope, const std::string& key) {
  switch (scope) {
    case UniquenessScope::kOrg:
      return "in the org";
    case UniquenessScope::kStore:
      return absl::StrCat("per store (store ", key, ")");
    case UniquenessScope::kTill:
      return absl::StrCat("per till (till ", key, ")");
  }
  return "";
}

}  // namespace

void PgRepository::PrepareStatements(pqxx::connection& c) {
  c.prepare("billing_config", absl::StrCat("SELECT ", kBillingConfigColumns,
                                           " FROM billing_configs WHERE org_id = $1 "
                                           "ORDER BY version DESC LIMIT 1"));
  c.prepare(
      "find_till",
      "SELECT o.org_id, o.name, o.currency, o.time_zone, o.default_country_code, s.name "
      "FROM tills t JOIN stores s USING (org_id, store_id) JOIN orgs o USING (org_id) "
      "WHERE t.org_id = $1 AND t.store_id = $2 AND t.till_id = $3");
  c.prepare("item_by_barcode",
            absl::StrCat("SELECT ", kItemColumns,
                         " FROM item_barcodes b JOIN items i USING (org_id, sku) "
                         "WHERE b.org_id = $1 AND b.barcode = $2"));
  c.prepare("items_by_skus", absl::StrCat("SELECT ", kItemColumns,
                                          " FROM items i WHERE i.org_id = $1 "
                                          "AND i.sku = ANY ($2::text[])"));
  PrepareCustomerStatements(c);
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
          Micros("received_at"), " FROM header"));
}

// ------------------------------------------------------------------ orgs ---

absl::StatusOr<Org> PgRepository::CreateOrg(const Org& org) {
  Org stored;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_params(
        "INSERT INTO orgs (org_id, name, currency, time_zone, default_country_code)"
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id) DO NOTHING",
        org.org_id, org.name, org.currency, org.time_zone, org.default_country_code);
    stored = OrgFromRow(tx.exec_params1(
        "SELECT org_id, name, currency, time_zone, default_country_code FROM orgs"
        " WHERE org_id = $1",
        org.org_id));
    tx.commit();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (stored.name != org.name || stored.currency != org.currency ||
      stored.time_zone != org.time_zone ||
      stored.default_country_code != org.default_country_code) {
    return absl::AlreadyExistsError(
        absl::StrCat("org '", org.org_id, "' already exists as '", stored.name, "' (",
                     stored.currency, ", ", stored.time_zone, ")"));
  }
  return stored;
}

absl::StatusOr<Org> PgRepository::GetOrg(const std::string& org_id) {
  std::optional<Org> org;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    const pqxx::result r = tx.exec_params(
        "SELECT org_id, name, currency, time_zone, default_country_code FROM orgs"
        " WHERE org_id = $1",
        org_id);
    if (!r.empty()) org = OrgFromRow(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!org) return absl::NotFoundError(absl::StrCat("org '", org_id, "' not found"));
  return *org;
}

absl::StatusOr<StoreInfo> PgRepository::CreateStore(const StoreInfo& store) {
  std::optional<StoreInfo> stored;
  bool org_exists = false;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    org_exists =
        !tx.exec_params("SELECT 1 FROM orgs WHERE org_id = $1 FOR SHARE", store.org_id)
             .empty();
    if (!org_exists) return absl::OkStatus();
    tx.exec_params(
        "INSERT INTO stores (org_id, store_id, name) VALUES ($1,$2,$3) "
        "ON CONFLICT (org_id, store_id) DO NOTHING",
        store.org_id, store.store_id, store.name);
    const pqxx::row r =
        tx.exec_params1("SELECT name FROM stores WHERE org_id = $1 AND store_id = $2",
                        store.org_id, store.store_id);
    stored = StoreInfo{store.org_id, store.store_id, r[0].as<std::string>()};
    tx.commit();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!org_exists) {
    return absl::NotFoundError(absl::StrCat("org '", store.org_id, "' not found"));
  }
  if (stored->name != store.name) {
    return absl::AlreadyExistsError(absl::StrCat(
        "store '", store.store_id, "' already exists as '", stored->name, "'"));
  }
  return *stored;
}

absl::StatusOr<TillInfo> PgRepository::CreateTill(const TillInfo& till) {
  bool store_exists = false;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    store_exists = !tx.exec_params(
                          "SELECT 1 FROM stores WHERE org_id = $1 AND store_id = $2 "
                          "FOR SHARE",
                          till.org_id, till.store_id)
                        .empty();
    if (!store_exists) return absl::OkStatus();
    tx.exec_params(
        "INSERT INTO tills (org_id, store_id, till_id) VALUES ($1,$2,$3) "
        "ON CONFLICT DO NOTHING",
        till.org_id, till.store_id, till.till_id);
    tx.commit();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!store_exists) {
    return absl::NotFoundError(
        absl::StrCat("store '", till.org_id, "/", till.store_id, "' not found"));
  }
  return till;
}

absl::StatusOr<TillContext> PgRepository::FindTill(const std::string& org_id,
                                                   const std::string& store_id,
                                                   const std::string& till_id) {
  std::optional<TillContext> ctx;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    const pqxx::result r = tx.exec_prepared("find_till", org_id, store_id, till_id);
    if (!r.empty()) {
      ctx = TillContext{OrgFromRow(r[0]),
                        StoreInfo{org_id, store_id, r[0][5].as<std::string>()}, till_id};
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!ctx) {
    return absl::NotFoundError(absl::StrCat(
        "till ", org_id, "/", store_id, "/", till_id,
        " is not registered; the back office creates it with posctl create-till"));
  }
  return *ctx;
}

// --------------------------------------------------------------- catalog ---

absl::StatusOr<CatalogItem> PgRepository::FindByBarcode(const std::string& org_id,
                                                        const std::string& barcode) {
  std::vector<CatalogItem> found;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    found = LoadItems(tx.exec_prepared("item_by_barcode", org_id, barcode));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (found.empty()) {
    return absl::NotFoundError(
        absl::StrCat("barcode '", barcode, "' is not in the catalog"));
  }
  return found.front();
}

absl::StatusOr<std::vector<CatalogItem>> PgRepository::FindBySkus(
    const std::string& org_id, const std::vector<std::string>& skus) {
  std::vector<CatalogItem> found;
  if (skus.empty()) return found;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    found = LoadItems(tx.exec_prepared("items_by_skus", org_id, PgArray(skus)));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return found;
}

absl::StatusOr<UpsertCounts> PgRepository::UpsertItems(
    const std::string& org_id, const std::vector<CatalogItem>& items) {
  UpsertCounts counts;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    counts = UpsertCounts{};
    pqxx::work tx(c);
    const std::string currency =
        tx.exec_params1("SELECT currency FROM orgs WHERE org_id = $1", org_id)[0]
            .as<std::string>();
    for (const CatalogItem& item : items) {
      // `old` reads the row as it was, to tell tills only of price or name changes.
      const pqxx::result r = tx.exec_params(
          "WITH old AS (SELECT name, unit_price_minor FROM items"
          " WHERE org_id = $1 AND sku = $2) "
          "INSERT INTO items AS i (org_id, sku, name, unit_price_minor, "
          "tax_rate_bp, uom) VALUES ($1,$2,$3,$4,$5,$6) "
          "ON CONFLICT (org_id, sku) DO UPDATE SET name = excluded.name, "
          "unit_price_minor = excluded.unit_price_minor, "
          "tax_rate_bp = excluded.tax_rate_bp, uom = excluded.uom, "
          "updated_at = now() "
          "WHERE (i.name, i.unit_price_minor, i.tax_rate_bp, i.uom) IS DISTINCT "
          "FROM (excluded.name, excluded.unit_price_minor, excluded.tax_rate_bp, "
          "excluded.uom) "
          "RETURNING (xmax = 0), (SELECT name <> $3 OR unit_price_minor <> $4 FROM old)",
          org_id, item.sku, item.name, item.unit_price_minor, item.tax_rate_bp,
          static_cast<int>(item.uom));
      if (!r.empty() && !r[0][0].as<bool>() && !r[0][1].is_null() && r[0][1].as<bool>()) {
        // Delivered to every LISTENing posd when this transaction commits.
        tx.exec_params("SELECT pg_notify($1, $2)", kPriceChangeChannel,
                       EncodePriceChange(PriceChange{org_id, currency, item}));
      }
      bool item_changed = !r.empty();
      if (r.empty()) {
        ++counts.unchanged;
      } else if (r[0][0].as<bool>()) {
        ++counts.inserted;
      } else {
        ++counts.updated;
      }
      // Barcodes: the item's set becomes exactly the given one; a barcode
      // that belonged to another item moves here.
      const pqxx::result removed = tx.exec_params(
          "DELETE FROM item_barcodes WHERE org_id = $1 AND sku = $2 "
          "AND NOT (barcode = ANY ($3::text[])) RETURNING barcode",
          org_id, item.sku, PgArray(item.barcodes));
      int added = 0;
      for (const std::string& barcode : item.barcodes) {
        added += tx.exec_params(
                       "INSERT INTO item_barcodes AS b (org_id, barcode, sku) "
                       "VALUES ($1,$2,$3) ON CONFLICT (org_id, barcode) DO UPDATE "
                       "SET sku = excluded.sku WHERE b.sku <> excluded.sku "
                       "RETURNING 1",
                       org_id, barcode, item.sku)
                     .size();
      }
      if (!item_changed && (added > 0 || !removed.empty())) {
        --counts.unchanged;
        ++counts.updated;
      }
    }
    tx.commit();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return counts;
}

// ----------------------------------------------------------------- bills ---

namespace {

// Reads a stored bill inside `tx`; nullopt when absent. Also yields the
// stored request fingerprint.
std::optional<StoredBill> ReadBill(pqxx::transaction_base& tx, const std::string& org_id,
                                   const std::string& bill_id, std::string* fingerprint) {
  const pqxx::result h = tx.exec_params(
      absl::StrCat("SELECT store_id, till_id, bill_number, ", Micros("billing_time"),
                   ", business_date::text, currency, coalesce(customer_id::text, ''), "
                   "total_minor, tax_minor, tendered_minor, change_minor, "
                   "request_sha256, ",
                   Micros("received_at"), ", status, ", JoinedArray("warnings"),
                   ", subtotal_minor, discount_minor, bill_type,"
                   " coalesce(original_bill_id::text, ''), coalesce(return_type, 0),"
                   " return_reason, coalesce(tagged_by, ''), coalesce(",
                   Micros("tagged_at"), ", 0)",
                   " FROM bills WHERE org_id = $1 AND bill_id = $2::uuid"),
      org_id, bill_id);
  if (h.empty()) return std::nullopt;
  StoredBill stored;
  Bill& b = stored.bill;
  const pqxx::row& r = h[0];
  b.org_id = org_id;
  b.bill_id = bill_id;
  b.store_id = r[0].as<std::string>();
  b.till_id = r[1].as<std::string>();
  b.bill_number = r[2].as<std::string>();
  b.billing_time = absl::FromUnixMicros(r[3].as<int64_t>());
  b.business_date = r[4].as<std::string>();
  b.currency = r[5].as<std::string>();
  b.customer_id = r[6].as<std::string>();
  b.total_minor = r[7].as<int64_t>();
  b.tax_minor = r[8].as<int64_t>();
  b.tendered_minor = r[9].as<int64_t>();
  b.change_minor = r[10].as<int64_t>();
  if (fingerprint) *fingerprint = r[11].as<std::string>();
  stored.received_at = absl::FromUnixMicros(r[12].as<int64_t>());
  b.status = static_cast<BillStatus>(r[13].as<int>());
  b.warnings = SplitArray(r[14]);
  b.subtotal_minor = r.at(15).as<int64_t>();
  b.discount_minor = r.at(16).as<int64_t>();
  b.type = static_cast<BillType>(r.at(17).as<int>());
  b.original_bill_id = r.at(18).as<std::string>();
  if (const int rt = r.at(19).as<int>(); rt != 0)
    b.return_type = static_cast<ReturnType>(rt);
  b.return_reason = r.at(20).as<std::string>();
  b.tagged_by = r.at(21).as<std::string>();
  if (!b.tagged_by.empty()) b.tagged_at = absl::FromUnixMicros(r.at(22).as<int64_t>());
  b.loyalty = pg::ReadBillLoyalty(tx, org_id, bill_id);

  for (const auto& l : tx.exec_params(
           "SELECT line_no, sku, name, quantity_milli, uom, unit_price_minor, "
           "amount_minor, tax_rate_bp, tax_minor, gross_minor, item_discount_minor, "
           "sale_discount_minor, coalesce(original_line_no, 0) FROM bill_lines "
           "WHERE org_id = $1 AND bill_id = $2::uuid ORDER BY line_no",
           org_id, bill_id)) {
    PricedLine line;
    line.line_no = l[0].as<int32_t>();
    line.sku = l[1].as<std::string>();
    line.name = l[2].as<std::string>();
    line.quantity_milli = l[3].as<int64_t>();
    line.uom = static_cast<Uom>(l[4].as<int>());
    line.unit_price_minor = l[5].as<int64_t>();
    line.amount_minor = l[6].as<int64_t>();
    line.tax_rate_bp = l[7].as<int32_t>();
    line.tax_minor = l[8].as<int64_t>();
    line.gross_minor = l.at(9).as<int64_t>();
    line.item_discount_minor = l.at(10).as<int64_t>();
    line.sale_discount_minor = l.at(11).as<int64_t>();
    line.original_line_no = l.at(12).as<int32_t>();
    b.lines.push_back(std::move(line));
  }
  for (const auto& t :
       tx.exec_params("SELECT tender_type, amount_minor, reference FROM bill_tenders "
                      "WHERE org_id = $1 AND bill_id = $2::uuid ORDER BY seq",
                      org_id, bill_id)) {
    b.tenders.push_back(Tender{static_cast<TenderType>(t[0].as<int>()),
                               t[1].as<int64_t>(), t[2].as<std::string>()});
  }
  return stored;
}

}  // namespace

namespace {

// Runs save_bill for `bill` inside `tx`: one row (received_at in micros)
// when stored, none when a bill with its id exists. Throws on errors,
// pqxx::sql_error 23P01 when its number is taken.
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
    uom.push_back(static_cast<int>(l.uom));
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
    tender_type.push_back(static_cast<int>(t.type));
    tender_amount.push_back(t.amount_minor);
    reference.push_back(t.reference);
  }
  const std::string return_type =
      bill.return_type ? absl::StrCat(static_cast<int>(*bill.return_type)) : "";
  return tx.exec_prepared(
      "save_bill", bill.org_id, bill.bill_id, bill.store_id, bill.till_id,
      bill.bill_number, absl::ToUnixMicros(bill.billing_time), bill.business_date,
      bill.currency, NullIfEmpty(bill.customer_id), bill.total_minor, bill.tax_minor,
      bill.tendered_minor, bill.change_minor, static_cast<int>(bill.lines.size()),
      fingerprint, PgArray(line_no), PgArray(sku), PgArray(name), PgArray(qty),
      PgArray(uom), PgArray(unit_price), PgArray(amount), PgArray(tax_rate), PgArray(tax),
      PgArray(tender_type), PgArray(tender_amount), PgArray(reference),
      static_cast<int>(bill.status), bill.claim ? bill.claim->scope_key : "",
      bill.claim ? bill.claim->window_days : 0, PgArray(bill.warnings), PgArray(gross),
      PgArray(item_discount), PgArray(sale_discount), bill.subtotal_minor,
      bill.discount_minor, static_cast<int>(bill.type),
      NullIfEmpty(bill.original_bill_id), NullIfEmpty(return_type), bill.return_reason,
      PgArray(original_line_no));
}

// Bills claiming the same number are serialised by an advisory lock on the
// number, taken in the bill's own transaction: without it, several inserts
// waiting on each other's claims in the exclusion constraint can form wait
// cycles that PostgreSQL 15 does not always resolve. The constraint stays
// the guarantee; the lock only orders the claimants.
void LockClaim(pqxx::transaction_base& tx, const Bill& bill) {
  if (!bill.claim) return;
  tx.exec_params(
      "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
      absl::StrCat(bill.org_id, "\x1f", bill.claim->scope_key, "\x1f", bill.bill_number));
}

// The bill whose claim the given bill's number ran into.
std::optional<BillSummary> FindClash(pqxx::transaction_base& tx, const Bill& bill) {
  const pqxx::result r = tx.exec_params(
      absl::StrCat("SELECT b.bill_id::text, b.bill_number, b.store_id, b.till_id, ",
                   Micros("b.billing_time"),
                   " FROM bill_number_claims c JOIN bills b USING (org_id, bill_id)"
                   " WHERE c.org_id = $1 AND c.scope_key = $2 AND c.bill_number = $3"
                   " AND c.validity && ",
                   ClaimRange(4, 5), " LIMIT 1"),
      bill.org_id, bill.claim->scope_key, bill.bill_number,
      absl::ToUnixMicros(bill.billing_time), bill.claim->window_days);
  if (r.empty()) return std::nullopt;
  BillSummary clash;
  clash.bill_id = r[0][0].as<std::string>();
  clash.bill_number = r[0][1].as<std::string>();
  clash.store_id = r[0][2].as<std::string>();
  clash.till_id = r[0][3].as<std::string>();
  clash.billing_time = absl::FromUnixMicros(r[0][4].as<int64_t>());
  return clash;
}

absl::Status NumberTaken(const Bill& bill, const std::optional<BillSummary>& clash) {
  if (!clash) {
    return absl::AbortedError(
        absl::StrCat("bill number ", bill.bill_number,
                     " clashed with a bill that is gone now; retry"));
  }
  const std::string& key = bill.claim->scope_key;
  return absl::AlreadyExistsError(absl::StrCat(
      "bill number ", bill.bill_number, " is already used by bill ", clash->bill_id,
      " of till ", clash->store_id, "/", clash->till_id, " billed ",
      absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", clash->billing_time, absl::UTCTimeZone()),
      "; numbers must be unique ",
      ScopePhrase(bill.claim->scope, key.rfind("R|", 0) == 0 ? key.substr(2) : key),
      " within ", bill.claim->window_days, " days"));
}

absl::Status ReusedId(const std::string& bill_id, const StoredBill& stored) {
  return absl::AlreadyExistsError(absl::StrCat(
      "bill_id ", bill_id, " was already used for bill ", stored.bill.bill_number,
      " of till ", stored.bill.store_id, "/", stored.bill.till_id,
      " with different content; a new bill needs a new bill_id"));
}

// The original of a return, by id or by store + number + business date.
absl::StatusOr<std::string> FindOriginal(pqxx::transaction_base& tx,
                                         const std::string& org_id,
                                         const OriginalRef& ref) {
  if (!ref.bill_id.empty()) {
    const pqxx::result r = tx.exec_params(
        "SELECT bill_id::text FROM bills WHERE org_id = $1 AND bill_id = $2::uuid",
        org_id, ref.bill_id);
    if (r.empty()) {
      return absl::NotFoundError(
          absl::StrCat("original bill ", ref.bill_id, " not found"));
    }
    return r[0][0].as<std::string>();
  }
  const pqxx::result r = tx.exec_params(
      "SELECT bill_id::text FROM bills WHERE org_id = $1 AND store_id = $2"
      " AND bill_number = $3 AND business_date = $4::date AND bill_type = 1 LIMIT 2",
      org_id, ref.store_id, ref.bill_number, ref.business_date);
  if (r.empty()) {
    return absl::NotFoundError(absl::StrCat("no sale numbered ", ref.bill_number,
                                            " in store ", ref.store_id, " on ",
                                            ref.business_date));
  }
  if (r.size() > 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "several sales are numbered ", ref.bill_number, " in store ", ref.store_id,
        " on ", ref.business_date, "; name the original by its bill id"));
  }
  return r[0][0].as<std::string>();
}

ReturnHistory ReadHistory(pqxx::transaction_base& tx, const std::string& org_id,
                          const std::string& original_id) {
  ReturnHistory history;
  for (const auto& r : tx.exec_params(
           "SELECT l.original_line_no, -sum(l.quantity_milli), -sum(l.amount_minor),"
           " -sum(l.tax_minor) FROM bills b JOIN bill_lines l USING (org_id, bill_id)"
           " WHERE b.org_id = $1 AND b.original_bill_id = $2::uuid AND b.status <> 5"
           " GROUP BY l.original_line_no",
           org_id, original_id)) {
    history.by_line[r[0].as<int32_t>()] =
        LineReturned{r[1].as<int64_t>(), r[2].as<int64_t>(), r[3].as<int64_t>()};
  }
  for (const auto& r :
       tx.exec_params("SELECT DISTINCT return_type FROM bills WHERE org_id = $1"
                      " AND original_bill_id = $2::uuid AND status <> 5",
                      org_id, original_id)) {
    switch (static_cast<ReturnType>(r[0].as<int>())) {
      case ReturnType::kFull:
        history.any_full = true;
        break;
      case ReturnType::kLineItem:
        history.any_line_item = true;
        break;
      case ReturnType::kAmount:
        history.any_amount = true;
        break;
    }
  }
  return history;
}

std::string TillName(const Bill& bill) {
  return absl::StrCat("till ", bill.store_id, "/", bill.till_id);
}

}  // namespace

absl::StatusOr<StoredBill> PgRepository::SaveBill(const Bill& bill,
                                                  const std::string& fingerprint) {
  std::optional<StoredBill> result;
  std::string stored_fingerprint;
  std::optional<BillSummary> clash;
  bool number_taken = false;
  absl::Status refusal;
  const auto attempt = [&](pqxx::connection& c) -> absl::Status {
    result.reset();
    clash.reset();
    number_taken = false;
    refusal = absl::OkStatus();
    pqxx::result inserted;
    Bill booked = bill;
    try {
      // ON CONFLICT waits for a concurrent insert of the same bill to finish,
      // so a racing retry sees the winner's row below. Without a claim or
      // loyalty the statement is its own transaction.
      std::unique_ptr<pqxx::transaction_base> tx;
      if (bill.claim || !bill.loyalty.empty()) {
        tx = std::make_unique<pqxx::work>(c);
      } else {
        tx = std::make_unique<pqxx::nontransaction>(c);
      }
      LockClaim(*tx, bill);
      inserted = ExecSaveBill(*tx, bill, fingerprint);
      // Loyalty is booked only with a new bill: a replay redeems nothing.
      if (!inserted.empty() && !bill.loyalty.empty()) {
        refusal = pg::ApplyBillLoyalty(*tx, TillName(bill), &booked);
        if (!refusal.ok()) return absl::OkStatus();  // rolls back
      }
      tx->commit();
    } catch (const pqxx::sql_error& e) {
      if (e.sqlstate() != "23P01") throw;
      number_taken = true;  // exclusion violation: nothing was stored
    }
    if (number_taken) {
      pqxx::nontransaction tx(c);
      clash = FindClash(tx, bill);
      return absl::OkStatus();
    }
    if (!inserted.empty()) {
      result =
          StoredBill{booked, absl::FromUnixMicros(inserted[0][0].as<int64_t>()), false};
      return absl::OkStatus();
    }
    pqxx::read_transaction read(c);
    result = ReadBill(read, bill.org_id, bill.bill_id, &stored_fingerprint);
    if (result) result->replayed = true;
    return absl::OkStatus();
  };
  const absl::Status s = RunRetryingConflicts(*pool_, attempt);
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  if (number_taken) return NumberTaken(bill, clash);
  if (!result) return absl::InternalError("bill vanished after a conflicting insert");
  if (result->replayed && stored_fingerprint != fingerprint) {
    return ReusedId(bill.bill_id, *result);
  }
  return *result;
}

absl::StatusOr<std::pair<StoredBill, ReturnHistory>> PgRepository::LoadReturnBasis(
    const std::string& org_id, const OriginalRef& ref) {
  absl::Status refusal;
  std::optional<std::pair<StoredBill, ReturnHistory>> basis;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    auto original_id = FindOriginal(tx, org_id, ref);
    if (!original_id.ok()) {
      refusal = original_id.status();
      return absl::OkStatus();
    }
    auto original = ReadBill(tx, org_id, *original_id, nullptr);
    if (!original) return absl::InternalError("original bill vanished");
    basis.emplace(*std::move(original), ReadHistory(tx, org_id, *original_id));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  return *std::move(basis);
}

absl::StatusOr<StoredBill> PgRepository::SaveReturn(const std::string& org_id,
                                                    const std::string& bill_id,
                                                    const OriginalRef& ref,
                                                    const std::string& fingerprint,
                                                    const ReturnComputer& compute) {
  std::optional<StoredBill> result;
  std::string stored_fingerprint;
  absl::Status refusal;
  std::optional<Bill> computed;
  std::optional<BillSummary> clash;
  bool number_taken = false;
  const auto attempt = [&](pqxx::connection& c) -> absl::Status {
    result.reset();
    refusal = absl::OkStatus();
    computed.reset();
    clash.reset();
    number_taken = false;
    try {
      pqxx::work tx(c);
      auto original_id = FindOriginal(tx, org_id, ref);
      if (!original_id.ok()) {
        refusal = original_id.status();
        return absl::OkStatus();
      }
      // Returns of one original queue here, so each sees what the previous
      // one took. A replay of this very return is recognised only after the
      // lock, when the earlier attempt has committed.
      tx.exec_params(
          "SELECT 1 FROM bills WHERE org_id = $1 AND bill_id = $2::uuid FOR UPDATE",
          org_id, *original_id);
      if (auto existing = ReadBill(tx, org_id, bill_id, &stored_fingerprint)) {
        result = *std::move(existing);
        result->replayed = true;
        return absl::OkStatus();
      }
      auto original = ReadBill(tx, org_id, *original_id, nullptr);
      if (!original) return absl::InternalError("original bill vanished");
      auto bill = compute(*original, ReadHistory(tx, org_id, *original_id));
      if (!bill.ok()) {
        refusal = bill.status();
        return absl::OkStatus();
      }
      computed = *bill;
      LockClaim(tx, *computed);
      const pqxx::result inserted = ExecSaveBill(tx, *computed, fingerprint);
      if (inserted.empty())
        return absl::AbortedError("return stored concurrently; retry");
      if (!computed->loyalty.empty()) {
        refusal = pg::ApplyBillLoyalty(tx, TillName(*computed), &*computed);
        if (!refusal.ok()) return absl::OkStatus();  // rolls back
      }
      tx.commit();
      result = StoredBill{*computed, absl::FromUnixMicros(inserted[0][0].as<int64_t>()),
                          false};
    } catch (const pqxx::sql_error& e) {
      if (e.sqlstate() != "23P01" || !computed) throw;
      number_taken = true;
      pqxx::nontransaction tx(c);
      clash = FindClash(tx, *computed);
    }
    return absl::OkStatus();
  };
  const absl::Status s = RunRetryingConflicts(*pool_, attempt);
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  if (number_taken) return NumberTaken(*computed, clash);
  if (!result) return absl::InternalError("return vanished");
  if (result->replayed && stored_fingerprint != fingerprint)
    return ReusedId(bill_id, *result);
  return *result;
}

absl::StatusOr<StoredBill> PgRepository::GetBill(const std::string& org_id,
                                                 const std::string& bill_id) {
  std::optional<StoredBill> found;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    found = ReadBill(tx, org_id, bill_id, nullptr);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat("bill ", bill_id, " not found in org ", org_id));
  }
  return *found;
}

absl::StatusOr<std::vector<BillSummary>> PgRepository::ListBills(
    const std::string& org_id, const std::string& business_date,
    const std::string& store_id, int limit, const std::optional<BillCursor>& after) {
  std::vector<BillSummary> bills;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    const int64_t after_micros = after ? absl::ToUnixMicros(after->billing_time) : 0;
    const std::string after_id =
        after ? after->bill_id : "00000000-0000-0000-0000-000000000000";
    const pqxx::result r = tx.exec_params(
        absl::StrCat("SELECT bill_id::text, bill_number, store_id, till_id, ",
                     Micros("billing_time"),
                     ", currency, total_minor, line_count, status FROM bills "
                     "WHERE org_id = $1 AND business_date = $2::date "
                     "AND ($3::text IS NULL OR store_id = $3) "
                     "AND ($4 = false OR (billing_time, bill_id) > (",
                     FromMicros(5),
                     ", $6::uuid)) ORDER BY billing_time, bill_id LIMIT $7"),
        org_id, business_date, NullIfEmpty(store_id), after.has_value(), after_micros,
        after_id, limit);
    for (const auto& row : r) {
      bills.push_back(BillSummary{
          row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
          row[3].as<std::string>(), absl::FromUnixMicros(row[4].as<int64_t>()),
          row[5].as<std::string>(), row[6].as<int64_t>(), row[7].as<int32_t>(),
          static_cast<BillStatus>(row[8].as<int>())});
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return bills;
}

absl::StatusOr<StoredBill> PgRepository::DeleteBill(const std::string& org_id,
                                                    const std::string& bill_id,
                                                    const std::string& deleted_by,
                                                    const std::string& reason) {
  absl::Status refusal;
  std::optional<StoredBill> deleted;
  const auto attempt = [&](pqxx::connection& c) -> absl::Status {
    refusal = absl::OkStatus();
    pqxx::work tx(c);
    const pqxx::result found = tx.exec_params(
        "SELECT coalesce(original_bill_id::text, '') FROM bills"
        " WHERE org_id = $1 AND bill_id = $2::uuid",
        org_id, bill_id);
    if (found.empty()) {
      refusal = absl::NotFoundError(absl::StrCat("bill ", bill_id, " not found"));
      return absl::OkStatus();
    }
    // Same lock order as a return: the original first, then the bill.
    const std::string original = found[0][0].as<std::string>();
    if (!original.empty()) {
      tx.exec_params(
          "SELECT 1 FROM bills WHERE org_id = $1 AND bill_id = $2::uuid FOR UPDATE",
          org_id, original);
    }
    const pqxx::row row = tx.exec_params1(
        "SELECT status, EXISTS (SELECT 1 FROM bills r WHERE r.org_id = b.org_id"
        " AND r.original_bill_id = b.bill_id AND r.status <> 5)"
        " FROM bills b WHERE org_id = $1 AND bill_id = $2::uuid FOR UPDATE",
        org_id, bill_id);
    if (row[0].as<int>() == static_cast<int>(BillStatus::kDeleted)) {
      refusal = absl::FailedPreconditionError(
          absl::StrCat("bill ", bill_id, " is deleted already"));
      return absl::OkStatus();
    }
    if (row[1].as<bool>()) {
      refusal = absl::FailedPreconditionError(
          absl::StrCat("bill ", bill_id, " has returns; delete those first"));
      return absl::OkStatus();
    }
    tx.exec_params(
        "UPDATE bills SET status = 5, deleted_by = $3, deleted_at = now(), delete_reason "
        "= $4"
        " WHERE org_id = $1 AND bill_id = $2::uuid",
        org_id, bill_id, deleted_by, reason);
    tx.exec_params(
        "DELETE FROM bill_number_claims WHERE org_id = $1 AND bill_id = $2::uuid", org_id,
        bill_id);
    // A deleted bill keeps no loyalty: its points go back and its coupons
    // can be used again.
    auto before = ReadBill(tx, org_id, bill_id, nullptr);
    if (!before) return absl::InternalError("deleted bill vanished");
    if (before->bill.type == BillType::kReturn &&
        (before->bill.loyalty.earn_reversal > 0 ||
         before->bill.loyalty.redeem_refund > 0)) {
      refusal = absl::FailedPreconditionError(absl::StrCat(
          "return ", bill_id, " moved loyalty points back; it cannot be deleted"));
      return absl::OkStatus();  // rolls back
    }
    Bill undo = before->bill;
    undo.loyalty = LoyaltyEffects{};
    undo.loyalty.earn_reversal = before->bill.loyalty.earn_points;
    undo.loyalty.redeem_refund = before->bill.loyalty.redeem_points;
    if (!undo.loyalty.empty()) {
      if (auto s = pg::ApplyBillLoyalty(tx, deleted_by, &undo); !s.ok()) return s;
    }
    for (const CouponUse& use : before->bill.loyalty.coupons) {
      tx.exec_params("UPDATE coupons SET uses = uses - 1 WHERE org_id = $1 AND code = $2",
                     org_id, use.code);
      tx.exec_params(
          "UPDATE coupon_series s SET redemptions = redemptions - 1 FROM coupons c"
          " WHERE c.org_id = $1 AND c.code = $2 AND s.org_id = c.org_id"
          " AND s.series_id = c.series_id",
          org_id, use.code);
      tx.exec_params(
          "UPDATE coupon_redemptions SET reactivated_at = now(), reactivated_by = $3,"
          " reactivation_reason = 'bill deleted' WHERE org_id = $1 AND code = $2"
          " AND bill_id = $4::uuid AND reactivated_at IS NULL",
          org_id, use.code, deleted_by, bill_id);
    }
    deleted = ReadBill(tx, org_id, bill_id, nullptr);
    tx.commit();
    return absl::OkStatus();
  };
  const absl::Status s = RunRetryingConflicts(*pool_, attempt);
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  if (!deleted) return absl::InternalError("deleted bill vanished");
  return *deleted;
}

absl::StatusOr<StoredBill> PgRepository::TagBill(
    const std::string& org_id, const std::string& bill_id, const std::string& customer_id,
    const std::string& by, const TagCheck& check, const TagEarn& earn) {
  absl::Status refusal;
  std::optional<StoredBill> tagged;
  const auto attempt = [&](pqxx::connection& c) -> absl::Status {
    refusal = absl::OkStatus();
    tagged.reset();
    pqxx::work tx(c);
    // Locks the bill against a concurrent tag, return or deletion.
    const pqxx::result found = tx.exec_params(
        "SELECT EXISTS (SELECT 1 FROM bills r WHERE r.org_id = b.org_id"
        " AND r.original_bill_id = b.bill_id AND r.status <> 5)"
        " FROM bills b WHERE org_id = $1 AND bill_id = $2::uuid FOR UPDATE",
        org_id, bill_id);
    if (found.empty()) {
      refusal = absl::NotFoundError(
          absl::StrCat("bill ", bill_id, " not found in org ", org_id));
      return absl::OkStatus();
    }
    auto bill = ReadBill(tx, org_id, bill_id, nullptr);
    if (!bill) return absl::InternalError("tagged bill vanished");
    refusal = check(*bill, found[0][0].as<bool>());
    if (!refusal.ok()) return absl::OkStatus();
    tx.exec_params(
        "UPDATE bills SET customer_id = $3::uuid, status = 1, tagged_by = $4,"
        " tagged_at = now() WHERE org_id = $1 AND bill_id = $2::uuid",
        org_id, bill_id, customer_id, by);
    Bill updated = bill->bill;
    updated.customer_id = customer_id;
    updated.status = BillStatus::kRegular;
    auto points = earn(updated);
    if (!points.ok()) {
      refusal = points.status();
      return absl::OkStatus();
    }
    updated.loyalty = LoyaltyEffects{};
    updated.loyalty.earn_points = *points;
    if (!updated.loyalty.empty()) {
      refusal = pg::ApplyBillLoyalty(tx, by, &updated);
      if (!refusal.ok()) return absl::OkStatus();
    }
    tagged = ReadBill(tx, org_id, bill_id, nullptr);
    tx.commit();
    return absl::OkStatus();
  };
  const absl::Status s = RunRetryingConflicts(*pool_, attempt);
  if (!s.ok()) return s;
  if (!refusal.ok()) return refusal;
  if (!tagged) return absl::InternalError("tagged bill vanished");
  return *tagged;
}

absl::StatusOr<DaySummary> PgRepository::GetDaySummary(const std::string& org_id,
                                                       const std::string& business_date) {
  DaySummary summary;
  summary.org_id = org_id;
  summary.business_date = business_date;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    // One snapshot for all three queries, so the figures agree.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
    summary.currency =
        tx.exec_params1("SELECT currency FROM orgs WHERE org_id = $1", org_id)[0]
            .as<std::string>();
    for (const auto& r : tx.exec_params(
             "SELECT store_id, till_id, count(*), coalesce(sum(line_count), 0), "
             "coalesce(sum(total_minor), 0), coalesce(sum(tax_minor), 0) "
             "FROM bills WHERE org_id = $1 AND business_date = $2::date AND status <> 5 "
             "GROUP BY store_id, till_id ORDER BY store_id, till_id",
             org_id, business_date)) {
      summary.tills.push_back(TillDayFigures{
          r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<int64_t>(),
          r[3].as<int64_t>(), r[4].as<int64_t>(), r[5].as<int64_t>()});
    }
    for (const auto& r : tx.exec_params(
             "SELECT status, count(*), coalesce(sum(total_minor), 0) FROM bills"
             " WHERE org_id = $1 AND business_date = $2::date GROUP BY status ORDER BY "
             "status",
             org_id, business_date)) {
      summary.statuses.push_back(StatusFigures{static_cast<BillStatus>(r[0].as<int>()),
                                               r[1].as<int64_t>(), r[2].as<int64_t>()});
    }
    const pqxx::row returns = tx.exec_params1(
        "SELECT count(*), coalesce(sum(total_minor), 0) FROM bills"
        " WHERE org_id = $1 AND business_date = $2::date AND bill_type = 2"
        " AND status <> 5",
        org_id, business_date);
    summary.returns = returns[0].as<int64_t>();
    summary.refunded_minor = returns[1].as<int64_t>();
    LoyaltyDayFigures& loyalty = summary.loyalty;
    const pqxx::row points = tx.exec_params1(
        "SELECT coalesce(sum(l.points) FILTER (WHERE l.kind = 1), 0)::bigint,"
        " coalesce(-sum(l.points) FILTER (WHERE l.kind = 2), 0)::bigint,"
        " coalesce(-sum(l.points) FILTER (WHERE l.kind = 3), 0)::bigint,"
        " coalesce(sum(l.points) FILTER (WHERE l.kind = 4), 0)::bigint"
        " FROM points_ledger l JOIN bills b USING (org_id, bill_id)"
        " WHERE b.org_id = $1 AND b.business_date = $2::date",
        org_id, business_date);
    loyalty.points_earned = points[0].as<int64_t>();
    loyalty.points_redeemed = points[1].as<int64_t>();
    loyalty.points_reversed = points[2].as<int64_t>();
    loyalty.points_refunded = points[3].as<int64_t>();
    const pqxx::row coupons = tx.exec_params1(
        "SELECT count(*), coalesce(sum(r.amount_minor), 0)::bigint"
        " FROM coupon_redemptions r JOIN bills b USING (org_id, bill_id)"
        " WHERE b.org_id = $1 AND b.business_date = $2::date"
        " AND r.reactivated_at IS NULL",
        org_id, business_date);
    loyalty.coupons_redeemed = coupons[0].as<int64_t>();
    loyalty.coupon_amount_minor = coupons[1].as<int64_t>();
    const pqxx::row customers = tx.exec_params1(
        "SELECT count(*), count(*) FILTER (WHERE tagged_by IS NOT NULL) FROM bills"
        " WHERE org_id = $1 AND business_date = $2::date AND status = 1",
        org_id, business_date);
    loyalty.customer_bills = customers[0].as<int64_t>();
    loyalty.bills_tagged = customers[1].as<int64_t>();
    summary.invoices = pg::ReadInvoiceDay(tx, org_id, business_date);
    summary.purchases = pg::ReadPurchaseDay(tx, org_id, business_date);
    // Change is given in cash, so it comes off the cash tender.
    for (const auto& r : tx.exec_params(
             "SELECT t.tender_type, sum(t.amount_minor) - CASE WHEN t.tender_type = 1 "
             "THEN (SELECT coalesce(sum(change_minor), 0) FROM bills "
             "      WHERE org_id = $1 AND business_date = $2::date AND status <> 5)"
             " ELSE 0 END "
             "FROM bill_tenders t JOIN bills b USING (org_id, bill_id) "
             "WHERE b.org_id = $1 AND b.business_date = $2::date AND b.status <> 5 "
             "GROUP BY t.tender_type ORDER BY t.tender_type",
             org_id, business_date)) {
      summary.tenders.emplace_back(static_cast<TenderType>(r[0].as<int>()),
                                   r[1].as<int64_t>());
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return summary;
}

// -------------------------------------------------------- billing rules ---

absl::StatusOr<BillingConfigVersion> PgRepository::GetBillingConfig(
    const std::string& org_id) {
  std::optional<BillingConfigVersion> found;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    const pqxx::result r = tx.exec_prepared("billing_config", org_id);
    if (!r.empty()) found = BillingConfigFromRow(org_id, r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!found) {
    BillingConfigVersion defaults;
    defaults.org_id = org_id;
    defaults.changed_by = "(defaults)";
    return defaults;
  }
  return *found;
}

absl::StatusOr<BillingConfigVersion> PgRepository::SaveBillingConfig(
    const std::string& org_id, const BillingConfig& c, int32_t expected_version,
    const std::string& changed_by, const std::string& reason) {
  bool saved = false;
  int32_t current = 0;
  const std::string min_text =
      c.min_amount_minor ? absl::StrCat(*c.min_amount_minor) : "";
  const std::string max_text =
      c.max_amount_minor ? absl::StrCat(*c.max_amount_minor) : "";
  absl::Status s = pool_->Run([&](pqxx::connection& conn) {
    pqxx::work tx(conn);
    // The primary key (org_id, version) turns a concurrent save of the same
    // version into a unique violation: exactly one of them wins.
    const pqxx::result r = tx.exec_params(
        "INSERT INTO billing_configs (org_id, version, bill_number_required,"
        " bill_number_pattern, bill_number_unique, unique_scope, unique_window_days,"
        " min_amount_minor, max_amount_minor, out_of_range_action, outlier_prefixes,"
        " outlier_store_ids, test_mode, earliest_billing_date, changed_by, reason,"
        " prices_exclude_tax, tax_rounding, return_bill_number_unique)"
        " SELECT $1, $2 + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12::text[],"
        " $13, $14::date, $15, $16, $17, $18, $19"
        " WHERE (SELECT coalesce(max(version), 0) FROM billing_configs WHERE org_id = "
        "$1) = $2"
        " ON CONFLICT DO NOTHING RETURNING version",
        org_id, expected_version, c.bill_number_required, c.bill_number_pattern,
        c.bill_number_unique, static_cast<int>(c.unique_scope), c.unique_window_days,
        c.min_amount_minor ? min_text.c_str() : nullptr,
        c.max_amount_minor ? max_text.c_str() : nullptr,
        static_cast<int>(c.out_of_range_action), PgArray(c.outlier_prefixes),
        PgArray(c.outlier_store_ids), c.test_mode,
        absl::FormatCivilTime(c.earliest_billing_date), changed_by, reason,
        c.prices_exclude_tax, c.tax_rounding == Rounding::kHalfEven ? 2 : 1,
        c.return_bill_number_unique);
    saved = !r.empty();
    if (!saved) {
      current = tx.exec_params1(
                      "SELECT coalesce(max(version), 0) FROM billing_configs"
                      " WHERE org_id = $1",
                      org_id)[0]
                    .as<int32_t>();
      return absl::OkStatus();
    }
    tx.commit();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!saved) {
    return absl::AbortedError(absl::StrCat(
        "the billing rules of ", org_id, " are at version ", current, ", not ",
        expected_version,
        ": someone changed them meanwhile; reload, re-apply your change and retry"));
  }
  return GetBillingConfig(org_id);
}

absl::StatusOr<std::vector<BillingConfigVersion>> PgRepository::BillingConfigHistory(
    const std::string& org_id) {
  std::vector<BillingConfigVersion> versions;
  absl::Status s = pool_->Run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    for (const auto& r :
         tx.exec_params(absl::StrCat("SELECT ", kBillingConfigColumns,
                                     " FROM billing_configs WHERE org_id = $1"
                                     " ORDER BY version DESC"),
                        org_id)) {
      versions.push_back(BillingConfigFromRow(org_id, r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return versions;
}

}  // namespace tillstream
