// InvoiceService: partner front ends' invoice transactions, on the callback
// API, for web_partner keys of the org (rpc_permissions.cc). Handlers
// translate and run InvoiceFlow on the worker pool.
#ifndef TILLSTREAM_SERVER_RPC_INVOICE_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_INVOICE_SERVICE_H_

#include <string>

#include "pos/v1/invoices.grpc.pb.h"
#include "server/rpc/unary.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/invoice_flow.h"

namespace tillstream {

class InvoiceServiceImpl final : public pos::v1::InvoiceService::CallbackService {
 public:
  static constexpr char kServiceName[] = "InvoiceService";

  InvoiceServiceImpl(InvoiceFlow* flow, WorkerPool* pool, AccessControl* access)
      : flow_(flow), pool_(pool), access_(access) {}

  TILLSTREAM_UNARY_RPC(FindUser, FindUserRequest, User);
  TILLSTREAM_UNARY_RPC(CreateUser, CreateUserRequest, User);
  TILLSTREAM_UNARY_RPC(BeginInvoice, BeginInvoiceRequest, Invoice);
  TILLSTREAM_UNARY_RPC(AddItems, AddItemsRequest, Invoice);
  TILLSTREAM_UNARY_RPC(AddPayments, AddPaymentsRequest, Invoice);
  TILLSTREAM_UNARY_RPC(CommitInvoice, CommitInvoiceRequest, Invoice);
  TILLSTREAM_UNARY_RPC(AbortInvoice, AbortInvoiceRequest, Invoice);
  TILLSTREAM_UNARY_RPC(GetInvoice, GetInvoiceRequest, Invoice);
  TILLSTREAM_UNARY_RPC(GetInvoiceItem, GetInvoiceItemRequest, InvoiceItem);
  TILLSTREAM_UNARY_RPC(RedeemItem, RedeemItemRequest, ItemRedemption);

 private:
  InvoiceFlow* const flow_;
  WorkerPool* const pool_;
  AccessControl* const access_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_INVOICE_SERVICE_H_
