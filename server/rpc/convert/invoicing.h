// Web invoices and their items on the wire.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_INVOICING_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_INVOICING_H_

#include "pos/v1/invoices.pb.h"
#include "server/domain/invoicing/invoices.h"

namespace tillstream {

void ToProtoInvoiceItem(const InvoiceItem& item, pos::v1::InvoiceItem* out);
void ToProtoInvoice(const Invoice& invoice, pos::v1::Invoice* out);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_INVOICING_H_
