// How invoices cross the PostgreSQL seam: the header (an open invoice past
// its time reads as expired), items with their options and redemption, and
// payments, read as one Invoice.
#ifndef TILLSTREAM_SERVER_STORAGE_PG_INVOICE_ROWS_H_
#define TILLSTREAM_SERVER_STORAGE_PG_INVOICE_ROWS_H_

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "server/domain/invoicing/invoices.h"

namespace tillstream::pg {

// The whole invoice, optionally with its header row locked; nullopt when
// absent. `stored_status` receives the status as stored (before expiry is
// applied).
std::optional<Invoice> ReadInvoice(pqxx::transaction_base& tx, const std::string& org_id,
                                   const std::string& invoice_id, bool for_update,
                                   int* stored_status = nullptr);

}  // namespace tillstream::pg

#endif  // TILLSTREAM_SERVER_STORAGE_PG_INVOICE_ROWS_H_
