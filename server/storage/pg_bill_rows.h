// How bills cross the PostgreSQL seam, shared by the bill and report
// repositories: reading a whole stored bill, the one-statement insert of a
// bill with its lines, tenders and number claim, bill summaries.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_BILL_ROWS_H_
#define TILLSTREAM_SERVER_STORAGE_PG_BILL_ROWS_H_

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "server/domain/sales/bill.h"

namespace tillstream::pg {

// Prepares save_bill on a new connection.
void PrepareBillStatements(pqxx::connection& c);

// A stored bill inside `tx`, lines, tenders and loyalty included; nullopt
// when absent. Also yields the stored request fingerprint.
std::optional<StoredBill> ReadBill(pqxx::transaction_base& tx, const std::string& org_id,
                                   const std::string& bill_id, std::string* fingerprint);

// Runs save_bill for `bill` inside `tx`: one row (received_at_us) when
// stored, none when a bill with its id exists. Throws on errors,
// pqxx::sql_error 23P01 when its number is taken.
pqxx::result ExecSaveBill(pqxx::transaction_base& tx, const Bill& bill,
                          const std::string& fingerprint);

// The claim's validity for a billing time ($time_param, micros) and a
// window ($days_param): half the window on each side of the billing time,
// so two claims overlap exactly when their times are under a window apart.
std::string ClaimRange(int time_param, int days_param);

// Summaries read with kSummaryColumns (from bills).
extern const std::string kSummaryColumns;
BillSummary SummaryFromRow(const pqxx::row& r);

}  // namespace tillstream::pg

#endif  // TILLSTREAM_SERVER_STORAGE_PG_BILL_ROWS_H_
