#include "server/rpc/rpc_permissions.h"

namespace tillstream {

const std::map<std::string, Permission>& RpcPermissions() {
  using P = Permission;
  static const auto& table = *new std::map<std::string, Permission>{
      // AdminService: the chain's set-up.
      {"AdminService/CreateOrg", P::kCreateOrgs},
      {"AdminService/CreateStore", P::kManageStores},
      {"AdminService/CreateTill", P::kManageStores},
      {"AdminService/UpsertItems", P::kManageCatalog},
      // Bills and reports.
      {"AdminService/ListBills", P::kReadBills},
      {"AdminService/GetBill", P::kReadBills},
      {"AdminService/DaySummary", P::kReadBills},
      {"AdminService/DeleteBill", P::kManageBills},
      {"AdminService/TagBill", P::kManageBills},
      // Settings.
      {"AdminService/GetBillingConfig", P::kReadSettings},
      {"AdminService/ListBillingConfigHistory", P::kReadSettings},
      {"AdminService/SetBillingConfig", P::kManageSettings},
      {"AdminService/GetLoyaltyConfig", P::kReadSettings},
      {"AdminService/SetLoyaltyConfig", P::kManageSettings},
      {"AdminService/GetInvoiceSettings", P::kReadSettings},
      {"AdminService/SetInvoiceSettings", P::kManageSettings},
      // Customers and loyalty.
      {"AdminService/EnrolCustomer", P::kManageCustomers},
      {"AdminService/UpdateCustomer", P::kManageCustomers},
      {"AdminService/GetCustomer", P::kReadCustomers},
      {"AdminService/CheckPoints", P::kReadCustomers},
      {"AdminService/ListPointsLedger", P::kReadCustomers},
      {"AdminService/CheckCoupon", P::kReadCustomers},
      {"AdminService/AdjustPoints", P::kManageLoyalty},
      {"AdminService/ExpirePoints", P::kManageLoyalty},
      {"AdminService/CreateCouponSeries", P::kManageLoyalty},
      {"AdminService/IssueCoupon", P::kManageLoyalty},
      {"AdminService/ReactivateCoupon", P::kManageLoyalty},
      // A web shop's invoices.
      {"InvoiceService/FindUser", P::kWebInvoices},
      {"InvoiceService/CreateUser", P::kWebInvoices},
      {"InvoiceService/BeginInvoice", P::kWebInvoices},
      {"InvoiceService/AddItems", P::kWebInvoices},
      {"InvoiceService/AddPayments", P::kWebInvoices},
      {"InvoiceService/CommitInvoice", P::kWebInvoices},
      {"InvoiceService/AbortInvoice", P::kWebInvoices},
      {"InvoiceService/GetInvoice", P::kWebInvoices},
      {"InvoiceService/GetInvoiceItem", P::kWebInvoices},
      {"InvoiceService/RedeemItem", P::kWebInvoices},
      // Purchases from other systems.
      {"PurchaseService/RecordPurchase", P::kRecordPurchases},
      {"PurchaseService/GetPurchase", P::kReadPurchases},
      // Keys.
      {"IdentityService/CreateApiKey", P::kManageKeys},
      {"IdentityService/ListApiKeys", P::kManageKeys},
      {"IdentityService/RevokeApiKey", P::kManageKeys},
  };
  return table;
}

std::optional<Permission> PermissionFor(const std::string& rpc) {
  const auto& table = RpcPermissions();
  const auto it = table.find(rpc);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

}  // namespace tillstream
