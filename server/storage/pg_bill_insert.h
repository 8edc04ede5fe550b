// The one-statement insert of a bill with its lines, tenders and number
// claim. Each table's columns are listed once, each beside the value it
// takes from the bill, and both the SQL and the parameters are generated
// from that list, so no parameter number is written by hand.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_BILL_INSERT_H_
#define TILLSTREAM_SERVER_STORAGE_PG_BILL_INSERT_H_

#include <pqxx/pqxx>
#include <string>

#include "server/domain/sales/bill.h"

namespace tillstream::pg {

// Prepares save_bill on a new connection.
void PrepareBillStatements(pqxx::connection& c);

// Runs save_bill for `bill` inside `tx`: one row (received_at_us) when
// stored, none when a bill with its id exists. Throws on errors,
// pqxx::sql_error 23P01 when its number is taken.
pqxx::result ExecSaveBill(pqxx::transaction_base& tx, const Bill& bill,
                          const std::string& fingerprint);

// The claim's validity for a billing time ($time_param, micros) and a
// window ($days_param): half the window on each side of the billing time,
// so two claims overlap exactly when their times are under a window apart.
std::string ClaimRange(int time_param, int days_param);

}  // namespace tillstream::pg

#endif  // TILLSTREAM_SERVER_STORAGE_PG_BILL_INSERT_H_
