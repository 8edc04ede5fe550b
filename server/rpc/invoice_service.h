// InvoiceService: partner front ends' invoice transactions, on the callback
// API. Gated by the admin bearer token until the project has per-role
// permissions. Handlers translate and run InvoiceFlow on the worker pool.
#ifndef TILLSTREAM_SERVER_RPC_INVOICE_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_INVOICE_SERVICE_H_

#include <string>

#include "pos/v1/invoices.grpc.pb.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/invoice_flow.h"

namespace tillstream {

class InvoiceServiceImpl final : public pos::v1::InvoiceService::CallbackService {
 public:
  InvoiceServiceImpl(InvoiceFlow* flow, WorkerPool* pool, std::string token)
      : flow_(flow), pool_(pool), token_(std::move(token)) {}

  grpc::ServerUnaryReactor* FindUser(grpc::CallbackServerContext* ctx,
                                     const pos::v1::FindUserRequest* req,
                                     pos::v1::User* resp) override;
  grpc::ServerUnaryReactor* CreateUser(grpc::CallbackServerContext* ctx,
                                       const pos::v1::CreateUserRequest* req,
                                       pos::v1::User* resp) override;
  grpc::ServerUnaryReactor* BeginInvoice(grpc::CallbackServerContext* ctx,
                                         const pos::v1::BeginInvoiceRequest* req,
                                         pos::v1::Invoice* resp) override;
  grpc::ServerUnaryReactor* AddItems(grpc::CallbackServerContext* ctx,
                                     const pos::v1::AddItemsRequest* req,
                                     pos::v1::Invoice* resp) override;
  grpc::ServerUnaryReactor* AddPayments(grpc::CallbackServerContext* ctx,
                                        const pos::v1::AddPaymentsRequest* req,
                                        pos::v1::Invoice* resp) override;
  grpc::ServerUnaryReactor* CommitInvoice(grpc::CallbackServerContext* ctx,
                                          const pos::v1::CommitInvoiceRequest* req,
                                          pos::v1::Invoice* resp) override;
  grpc::ServerUnaryReactor* AbortInvoice(grpc::CallbackServerContext* ctx,
                                         const pos::v1::AbortInvoiceRequest* req,
                                         pos::v1::Invoice* resp) override;
  grpc::ServerUnaryReactor* GetInvoice(grpc::CallbackServerContext* ctx,
                                       const pos::v1::GetInvoiceRequest* req,
                                       pos::v1::Invoice* resp) override;
  grpc::ServerUnaryReactor* GetInvoiceItem(grpc::CallbackServerContext* ctx,
                                           const pos::v1::GetInvoiceItemRequest* req,
                                           pos::v1::InvoiceItem* resp) override;
  grpc::ServerUnaryReactor* RedeemItem(grpc::CallbackServerContext* ctx,
                                       const pos::v1::RedeemItemRequest* req,
                                       pos::v1::ItemRedemption* resp) override;

 private:
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* ctx,
                                std::function<absl::Status()> work);

  InvoiceFlow* const flow_;
  WorkerPool* const pool_;
  const std::string token_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_INVOICE_SERVICE_H_
