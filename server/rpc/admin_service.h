// AdminService: the back-office operator's unary RPCs, on the callback API.
// Handlers check the caller's token, translate, and run the use cases
// (StoreSetup, BillAdmin, LoyaltyAdmin, InvoiceFlow) on the worker pool.
#ifndef TILLSTREAM_SERVER_RPC_ADMIN_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_ADMIN_SERVICE_H_

#include <string>

#include "pos/v1/pos.grpc.pb.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/bill_admin.h"
#include "server/usecases/invoice_flow.h"
#include "server/usecases/loyalty_admin.h"
#include "server/usecases/store_setup.h"

namespace tillstream {

class AdminServiceImpl final : public pos::v1::AdminService::CallbackService {
 public:
  // An empty admin_token disables the check (local development only).
  AdminServiceImpl(StoreSetup* setup, BillAdmin* bills, LoyaltyAdmin* loyalty,
                   InvoiceFlow* invoices, WorkerPool* pool, std::string admin_token)
      : setup_(setup),
        bills_(bills),
        loyalty_(loyalty),
        invoices_(invoices),
        pool_(pool),
        admin_token_(std::move(admin_token)) {}

  grpc::ServerUnaryReactor* CreateOrg(grpc::CallbackServerContext* ctx,
                                      const pos::v1::CreateOrgRequest* req,
                                      pos::v1::Org* resp) override;
  grpc::ServerUnaryReactor* CreateStore(grpc::CallbackServerContext* ctx,
                                        const pos::v1::CreateStoreRequest* req,
                                        pos::v1::Store* resp) override;
  grpc::ServerUnaryReactor* CreateTill(grpc::CallbackServerContext* ctx,
                                       const pos::v1::CreateTillRequest* req,
                                       pos::v1::Till* resp) override;
  grpc::ServerUnaryReactor* UpsertItems(grpc::CallbackServerContext* ctx,
                                        const pos::v1::UpsertItemsRequest* req,
                                        pos::v1::UpsertItemsResponse* resp) override;
  grpc::ServerUnaryReactor* ListBills(grpc::CallbackServerContext* ctx,
                                      const pos::v1::ListBillsRequest* req,
                                      pos::v1::ListBillsResponse* resp) override;
  grpc::ServerUnaryReactor* GetBill(grpc::CallbackServerContext* ctx,
                                    const pos::v1::GetBillRequest* req,
                                    pos::v1::BillReceipt* resp) override;
  grpc::ServerUnaryReactor* DaySummary(grpc::CallbackServerContext* ctx,
                                       const pos::v1::DaySummaryRequest* req,
                                       pos::v1::DaySummaryResponse* resp) override;

  grpc::ServerUnaryReactor* DeleteBill(grpc::CallbackServerContext* ctx,
                                       const pos::v1::DeleteBillRequest* req,
                                       pos::v1::BillReceipt* resp) override;
  grpc::ServerUnaryReactor* GetBillingConfig(
      grpc::CallbackServerContext* ctx, const pos::v1::GetBillingConfigRequest* req,
      pos::v1::BillingConfigVersion* resp) override;
  grpc::ServerUnaryReactor* SetBillingConfig(
      grpc::CallbackServerContext* ctx, const pos::v1::SetBillingConfigRequest* req,
      pos::v1::BillingConfigVersion* resp) override;
  grpc::ServerUnaryReactor* ListBillingConfigHistory(
      grpc::CallbackServerContext* ctx,
      const pos::v1::ListBillingConfigHistoryRequest* req,
      pos::v1::BillingConfigHistory* resp) override;

  // Customers and loyalty (admin_loyalty.cc).
  grpc::ServerUnaryReactor* EnrolCustomer(grpc::CallbackServerContext* ctx,
                                          const pos::v1::EnrolCustomerRequest* req,
                                          pos::v1::CustomerProfile* resp) override;
  grpc::ServerUnaryReactor* UpdateCustomer(grpc::CallbackServerContext* ctx,
                                           const pos::v1::UpdateCustomerRequest* req,
                                           pos::v1::CustomerProfile* resp) override;
  grpc::ServerUnaryReactor* GetCustomer(grpc::CallbackServerContext* ctx,
                                        const pos::v1::GetCustomerRequest* req,
                                        pos::v1::CustomerProfile* resp) override;
  grpc::ServerUnaryReactor* GetLoyaltyConfig(
      grpc::CallbackServerContext* ctx, const pos::v1::GetLoyaltyConfigRequest* req,
      pos::v1::LoyaltyConfigVersion* resp) override;
  grpc::ServerUnaryReactor* SetLoyaltyConfig(
      grpc::CallbackServerContext* ctx, const pos::v1::SetLoyaltyConfigRequest* req,
      pos::v1::LoyaltyConfigVersion* resp) override;
  grpc::ServerUnaryReactor* CheckPoints(grpc::CallbackServerContext* ctx,
                                        const pos::v1::CheckPointsRequest* req,
                                        pos::v1::PointsCheckResult* resp) override;
  grpc::ServerUnaryReactor* AdjustPoints(grpc::CallbackServerContext* ctx,
                                         const pos::v1::AdjustPointsRequest* req,
                                         pos::v1::LedgerEntry* resp) override;
  grpc::ServerUnaryReactor* ListPointsLedger(grpc::CallbackServerContext* ctx,
                                             const pos::v1::ListPointsLedgerRequest* req,
                                             pos::v1::PointsLedger* resp) override;
  grpc::ServerUnaryReactor* ExpirePoints(grpc::CallbackServerContext* ctx,
                                         const pos::v1::ExpirePointsRequest* req,
                                         pos::v1::ExpirePointsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateCouponSeries(
      grpc::CallbackServerContext* ctx, const pos::v1::CreateCouponSeriesRequest* req,
      pos::v1::CouponSeries* resp) override;
  grpc::ServerUnaryReactor* IssueCoupon(grpc::CallbackServerContext* ctx,
                                        const pos::v1::IssueCouponRequest* req,
                                        pos::v1::Coupon* resp) override;
  grpc::ServerUnaryReactor* CheckCoupon(grpc::CallbackServerContext* ctx,
                                        const pos::v1::CheckCouponRequest* req,
                                        pos::v1::CouponCheckResult* resp) override;
  grpc::ServerUnaryReactor* ReactivateCoupon(grpc::CallbackServerContext* ctx,
                                             const pos::v1::ReactivateCouponRequest* req,
                                             pos::v1::Coupon* resp) override;
  grpc::ServerUnaryReactor* TagBill(grpc::CallbackServerContext* ctx,
                                    const pos::v1::TagBillRequest* req,
                                    pos::v1::BillReceipt* resp) override;

  // Web invoices' settings.
  grpc::ServerUnaryReactor* GetInvoiceSettings(
      grpc::CallbackServerContext* ctx, const pos::v1::GetInvoiceSettingsRequest* req,
      pos::v1::InvoiceSettings* resp) override;
  grpc::ServerUnaryReactor* SetInvoiceSettings(grpc::CallbackServerContext* ctx,
                                               const pos::v1::InvoiceSettings* req,
                                               pos::v1::InvoiceSettings* resp) override;

 private:
  // Authenticates, then runs `work` on the pool and finishes the call with
  // its status.
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* ctx,
                                std::function<absl::Status()> work);

  StoreSetup* const setup_;
  BillAdmin* const bills_;
  LoyaltyAdmin* const loyalty_;
  InvoiceFlow* const invoices_;
  WorkerPool* const pool_;
  const std::string admin_token_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_ADMIN_SERVICE_H_
