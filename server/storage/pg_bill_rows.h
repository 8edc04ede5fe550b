// How bills cross the PostgreSQL seam, shared by the bill and report
// repositories: reading a whole stored bill with its lines and tenders, and
// bill summaries (the insert is pg_bill_insert).
#ifndef TILLSTREAM_SERVER_STORAGE_PG_BILL_ROWS_H_
#define TILLSTREAM_SERVER_STORAGE_PG_BILL_ROWS_H_

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "server/domain/sales/bill.h"

namespace tillstream::pg {

// A stored bill inside `tx`, lines, tenders and loyalty included; nullopt
// when absent. Also yields the stored request fingerprint.
std::optional<StoredBill> ReadBill(pqxx::transaction_base& tx, const std::string& org_id,
                                   const std::string& bill_id, std::string* fingerprint);

// Summaries read with kSummaryColumns (from bills).
extern const std::string kSummaryColumns;
BillSummary SummaryFromRow(const pqxx::row& r);

}  // namespace tillstream::pg

#endif  // TILLSTREAM_SERVER_STORAGE_PG_BILL_ROWS_H_
