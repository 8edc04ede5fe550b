#include "server/storage/pg_bill_insert.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/domain/journal/journal_payloads.h"
#include "server/storage/pg_journal.h"
#include "server/storage/pg_sql.h"

namespace tillstream::pg {
namespace {

// A parameter's text; nullopt binds NULL.
using Value = std::optional<std::string>;

Value Text(const std::string& s) { return s; }
Value Number(int64_t n) { return std::to_string(n); }
Value OrNull(const std::string& s) { return s.empty() ? Value() : Value(s); }

// The parameter type of a time, bound as unix microseconds.
constexpr char kMicros[] = "micros";

// One column of a table and the value it takes from a `Row`: the parameter
// is cast to `type` ("" lets the column decide); `select` is how an
// unnested row is inserted, when not as it is.
template <typename Row>
struct Column {
  const char* name;
  const char* type;
  Value (*value)(const Row&);
  const char* select = nullptr;
};

struct BillRecord {
  const Bill& bill;
  const std::string& fingerprint;
};

// org_id and bill_id come first: the lines, tenders and claim use $1, $2.
const std::vector<Column<BillRecord>>& BillColumns() {
  using R = const BillRecord&;
  static const auto& columns = *new std::vector<Column<BillRecord>>{
      {"org_id", "text", [](R r) { return Text(r.bill.org_id); }},
      {"bill_id", "uuid", [](R r) { return Text(r.bill.bill_id); }},
      {"store_id", "text", [](R r) { return Text(r.bill.store_id); }},
      {"till_id", "text", [](R r) { return Text(r.bill.till_id); }},
      {"bill_number", "text", [](R r) { return Text(r.bill.bill_number); }},
      {"billing_time", kMicros,
       [](R r) { return Number(absl::ToUnixMicros(r.bill.billing_time)); }},
      {"business_date", "date", [](R r) { return Text(r.bill.business_date); }},
      {"currency", "text", [](R r) { return Text(r.bill.currency); }},
      {"customer_id", "uuid", [](R r) { return OrNull(r.bill.customer_id); }},
      {"total_minor", "bigint", [](R r) { return Number(r.bill.total_minor); }},
      {"tax_minor", "bigint", [](R r) { return Number(r.bill.tax_minor); }},
      {"tendered_minor", "bigint", [](R r) { return Number(r.bill.tendered_minor); }},
      {"change_minor", "bigint", [](R r) { return Number(r.bill.change_minor); }},
      {"line_count", "int",
       [](R r) { return Number(static_cast<int64_t>(r.bill.lines.size())); }},
      {"request_sha256", "text", [](R r) { return Text(r.fingerprint); }},
      {"status", "smallint", [](R r) { return Number(Enum(r.bill.status)); }},
      {"warnings", "text[]", [](R r) { return Text(PgArray(r.bill.warnings)); }},
      {"subtotal_minor", "bigint", [](R r) { return Number(r.bill.subtotal_minor); }},
      {"discount_minor", "bigint", [](R r) { return Number(r.bill.discount_minor); }},
      {"bill_type", "smallint", [](R r) { return Number(Enum(r.bill.type)); }},
      {"original_bill_id", "uuid", [](R r) { return OrNull(r.bill.original_bill_id); }},
      {"return_type", "smallint",
       [](R r) {
         return r.bill.return_type ? Number(Enum(*r.bill.return_type)) : Value();
       }},
      {"return_reason", "text", [](R r) { return Text(r.bill.return_reason); }},
      {"cashier_id", "text", [](R r) { return OrNull(r.bill.cashier_id); }},
      {"cashier_session_id", "uuid",
       [](R r) { return OrNull(r.bill.cashier_session_id); }},
      {"approval_id", "uuid", [](R r) { return OrNull(r.bill.approval_id); }},
      {"approved_by", "text", [](R r) { return OrNull(r.bill.approved_by); }},
      {"catalog_id", "text", [](R r) { return OrNull(r.bill.catalog_id); }},
      {"catalog_version", "int",
       [](R r) {
         return r.bill.catalog_version > 0 ? Number(r.bill.catalog_version) : Value();
       }},
      {"offline", "boolean", [](R r) { return Text(r.bill.offline ? "true" : "false"); }},
  };
  return columns;
}

// Lines and tenders are bound as one array per column and unnested.
const std::vector<Column<PricedLine>>& LineColumns() {
  using L = const PricedLine&;
  static const auto& columns = *new std::vector<Column<PricedLine>>{
      {"line_no", "int", [](L l) { return Number(l.line_no); }},
      {"sku", "text", [](L l) { return Text(l.sku); }},
      {"name", "text", [](L l) { return Text(l.name); }},
      {"quantity_milli", "bigint", [](L l) { return Number(l.quantity_milli); }},
      {"uom", "smallint", [](L l) { return Number(Enum(l.uom)); }},
      {"unit_price_minor", "bigint", [](L l) { return Number(l.unit_price_minor); }},
      {"amount_minor", "bigint", [](L l) { return Number(l.amount_minor); }},
      {"tax_rate_bp", "int", [](L l) { return Number(l.tax_rate_bp); }},
      {"tax_minor", "bigint", [](L l) { return Number(l.tax_minor); }},
      {"gross_minor", "bigint", [](L l) { return Number(l.gross_minor); }},
      {"item_discount_minor", "bigint",
       [](L l) { return Number(l.item_discount_minor); }},
      {"sale_discount_minor", "bigint",
       [](L l) { return Number(l.sale_discount_minor); }},
      // 0 on the bill is "not a return line", NULL in the table.
      {"original_line_no", "int", [](L l) { return Number(l.original_line_no); },
       "nullif(u.original_line_no, 0)"},
  };
  return columns;
}

const std::vector<Column<Tender>>& TenderColumns() {
  using T = const Tender&;
  static const auto& columns = *new std::vector<Column<Tender>>{
      {"tender_type", "smallint", [](T t) { return Number(Enum(t.type)); }},
      {"amount_minor", "bigint", [](T t) { return Number(t.amount_minor); }},
      {"reference", "text", [](T t) { return Text(t.reference); }},
  };
  return columns;
}

// Hands out parameter numbers in the order the statement is written; the
// values are produced in the same order by ExecSaveBill.
class Numbering {
 public:
  std::string Next(const char* type, bool array = false) {
    const int n = ++count_;
    if (std::string(type) == kMicros) return FromMicros(n);
    if (type[0] == '\0') return absl::StrCat("$", n);
    return absl::StrCat("$", n, "::", type, array ? "[]" : "");
  }
  int count() const { return count_; }

 private:
  int count_ = 0;
};

template <typename Row>
std::string Names(const std::vector<Column<Row>>& columns) {
  return absl::StrJoin(
      columns, ", ", [](std::string* out, const Column<Row>& c) { out->append(c.name); });
}

// INSERT INTO `table` (org_id, bill_id, <columns>[, extra]) SELECT $1, $2,
// <u.columns>[, extra] FROM header, unnest(<one array each>) ... AS u.
template <typename Row>
std::string UnnestInsert(const char* table, const std::vector<Column<Row>>& columns,
                         Numbering* numbering, const char* ordinality_column) {
  std::vector<std::string> arrays, selects;
  for (const auto& c : columns) {
    arrays.push_back(numbering->Next(c.type, /*array=*/true));
    selects.push_back(c.select ? c.select : absl::StrCat("u.", c.name));
  }
  std::string names = Names(columns);
  std::string ordinality;
  if (ordinality_column) {
    selects.push_back(absl::StrCat("u.", ordinality_column));
    ordinality = " WITH ORDINALITY";
    absl::StrAppend(&names, ", ", ordinality_column);
  }
  return absl::StrCat("INSERT INTO ", table, " (org_id, bill_id, ", names,
                      ") SELECT $1, $2::uuid, ", absl::StrJoin(selects, ", "),
                      " FROM header, unnest(", absl::StrJoin(arrays, ", "), ")",
                      ordinality, " AS u(", names, ")");
}

// The parameter number of a header column.
int HeaderParam(const char* name) {
  const auto& columns = BillColumns();
  for (size_t i = 0; i < columns.size(); ++i) {
    if (std::string(columns[i].name) == name) return static_cast<int>(i) + 1;
  }
  return 0;
}

template <typename Row>
void AddArrays(const std::vector<Column<Row>>& columns, const std::vector<Row>& rows,
               std::vector<Value>* values) {
  for (const auto& c : columns) {
    std::vector<std::string> elements;
    elements.reserve(rows.size());
    for (const Row& row : rows) elements.push_back(c.value(row).value_or(""));
    values->push_back(PgArray(elements));
  }
}

}  // namespace

std::string ClaimRange(int time_param, int days_param) {
  const std::string t = FromMicros(time_param);
  return absl::StrCat("tstzrange(", t, " - $", days_param,
                      "::int * interval '12 hours', ", t, " + $", days_param,
                      "::int * interval '12 hours')");
}

void PrepareBillStatements(pqxx::connection& c) {
  // The whole bill in one statement, so one round trip and one implicit
  // transaction: lines, tenders and the claim are inserted only when the
  // header is.
  Numbering numbering;
  std::vector<std::string> header_values;
  for (const auto& column : BillColumns())
    header_values.push_back(numbering.Next(column.type));
  const std::string lines =
      UnnestInsert("bill_lines", LineColumns(), &numbering, nullptr);
  const std::string tenders =
      UnnestInsert("bill_tenders", TenderColumns(), &numbering, "seq");
  // The number claim, when numbers must be unique (a window of days > 0).
  const std::string scope = numbering.Next("text");
  const std::string days = numbering.Next("int");
  const int days_param = numbering.count();
  // The bill's journal entry, appended only when the header is inserted.
  pg::JournalParams journal{"$1::text",
                            absl::StrCat("$", HeaderParam("store_id"), "::text"),
                            absl::StrCat("$", HeaderParam("till_id"), "::text"),
                            numbering.Next("smallint"),
                            "$2::text",
                            numbering.Next("text")};
  c.prepare(
      "save_bill",
      absl::StrCat("WITH header AS (INSERT INTO bills (", Names(BillColumns()),
                   ") VALUES (", absl::StrJoin(header_values, ", "),
                   ") ON CONFLICT (org_id, bill_id) DO NOTHING RETURNING received_at),"
                   " lines AS (",
                   lines, "), tenders AS (", tenders,
                   "), claim AS (INSERT INTO bill_number_claims (org_id, scope_key,"
                   " bill_number, validity, bill_id) SELECT $1, ",
                   scope, ", $", HeaderParam("bill_number"), ", ",
                   ClaimRange(HeaderParam("billing_time"), days_param),
                   ", $2::uuid FROM header WHERE ", days, " > 0), ",
                   JournalAppendCtes("header", journal), " SELECT ",
                   MicrosColumn("received_at"), " FROM header"));
}

pqxx::result ExecSaveBill(pqxx::transaction_base& tx, const Bill& bill,
                          const std::string& fingerprint) {
  // In the order PrepareBillStatements numbered them.
  std::vector<Value> values;
  const BillRecord record{bill, fingerprint};
  for (const auto& column : BillColumns()) values.push_back(column.value(record));
  AddArrays(LineColumns(), bill.lines, &values);
  AddArrays(TenderColumns(), bill.tenders, &values);
  values.push_back(bill.claim ? bill.claim->scope_key : "");
  values.push_back(Number(bill.claim ? bill.claim->window_days : 0));
  values.push_back(Number(Enum(BillRecordOf(bill))));
  values.push_back(BillPayload(bill));
  std::vector<const char*> params;
  params.reserve(values.size());
  for (const Value& v : values) params.push_back(v ? v->c_str() : nullptr);
  return tx.exec_prepared("save_bill", pqxx::prepare::make_dynamic_params(params));
}

}  // namespace tillstream::pg
