// AdminService: the back-office operator's unary RPCs, on the callback API.
// Handlers are authorized per RPC (rpc_permissions.cc), translate, and run the use cases
// (StoreSetup, BillAdmin, LoyaltyAdmin, InvoiceFlow) on the worker pool.
#ifndef TILLSTREAM_SERVER_RPC_ADMIN_SERVICE_H_
#define TILLSTREAM_SERVER_RPC_ADMIN_SERVICE_H_

#include <string>

#include "pos/v1/pos.grpc.pb.h"
#include "server/rpc/unary.h"
#include "server/rpc/worker_pool.h"
#include "server/usecases/bill_admin.h"
#include "server/usecases/invoice_flow.h"
#include "server/usecases/loyalty_admin.h"
#include "server/usecases/store_setup.h"

namespace tillstream {

class AdminServiceImpl final : public pos::v1::AdminService::CallbackService {
 public:
  static constexpr char kServiceName[] = "AdminService";

  AdminServiceImpl(StoreSetup* setup, BillAdmin* bills, LoyaltyAdmin* loyalty,
                   InvoiceFlow* invoices, WorkerPool* pool, AccessControl* access)
      : setup_(setup),
        bills_(bills),
        loyalty_(loyalty),
        invoices_(invoices),
        pool_(pool),
        access_(access) {}

  TILLSTREAM_UNARY_RPC(CreateOrg, CreateOrgRequest, Org);
  TILLSTREAM_UNARY_RPC(CreateStore, CreateStoreRequest, Store);
  TILLSTREAM_UNARY_RPC(CreateTill, CreateTillRequest, Till);
  TILLSTREAM_UNARY_RPC(UpsertItems, UpsertItemsRequest, UpsertItemsResponse);
  TILLSTREAM_UNARY_RPC(ListBills, ListBillsRequest, ListBillsResponse);
  TILLSTREAM_UNARY_RPC(GetBill, GetBillRequest, BillReceipt);
  TILLSTREAM_UNARY_RPC(DaySummary, DaySummaryRequest, DaySummaryResponse);

  TILLSTREAM_UNARY_RPC(DeleteBill, DeleteBillRequest, BillReceipt);
  TILLSTREAM_UNARY_RPC(GetBillingConfig, GetBillingConfigRequest, BillingConfigVersion);
  TILLSTREAM_UNARY_RPC(SetBillingConfig, SetBillingConfigRequest, BillingConfigVersion);
  TILLSTREAM_UNARY_RPC(ListBillingConfigHistory, ListBillingConfigHistoryRequest,
                       BillingConfigHistory);

  // Customers and loyalty (admin_loyalty.cc).
  TILLSTREAM_UNARY_RPC(EnrolCustomer, EnrolCustomerRequest, CustomerProfile);
  TILLSTREAM_UNARY_RPC(UpdateCustomer, UpdateCustomerRequest, CustomerProfile);
  TILLSTREAM_UNARY_RPC(GetCustomer, GetCustomerRequest, CustomerProfile);
  TILLSTREAM_UNARY_RPC(GetLoyaltyConfig, GetLoyaltyConfigRequest, LoyaltyConfigVersion);
  TILLSTREAM_UNARY_RPC(SetLoyaltyConfig, SetLoyaltyConfigRequest, LoyaltyConfigVersion);
  TILLSTREAM_UNARY_RPC(CheckPoints, CheckPointsRequest, PointsCheckResult);
  TILLSTREAM_UNARY_RPC(AdjustPoints, AdjustPointsRequest, LedgerEntry);
  TILLSTREAM_UNARY_RPC(ListPointsLedger, ListPointsLedgerRequest, PointsLedger);
  TILLSTREAM_UNARY_RPC(ExpirePoints, ExpirePointsRequest, ExpirePointsResponse);
  TILLSTREAM_UNARY_RPC(CreateCouponSeries, CreateCouponSeriesRequest, CouponSeries);
  TILLSTREAM_UNARY_RPC(IssueCoupon, IssueCouponRequest, Coupon);
  TILLSTREAM_UNARY_RPC(CheckCoupon, CheckCouponRequest, CouponCheckResult);
  TILLSTREAM_UNARY_RPC(ReactivateCoupon, ReactivateCouponRequest, Coupon);
  TILLSTREAM_UNARY_RPC(TagBill, TagBillRequest, BillReceipt);

  // Web invoices' settings.
  TILLSTREAM_UNARY_RPC(GetInvoiceSettings, GetInvoiceSettingsRequest, InvoiceSettings);
  TILLSTREAM_UNARY_RPC(SetInvoiceSettings, InvoiceSettings, InvoiceSettings);

 private:
  StoreSetup* const setup_;
  BillAdmin* const bills_;
  LoyaltyAdmin* const loyalty_;
  InvoiceFlow* const invoices_;
  WorkerPool* const pool_;
  AccessControl* const access_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_ADMIN_SERVICE_H_
