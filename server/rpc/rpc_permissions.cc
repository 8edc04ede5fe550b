#include "server/rpc/rpc_permissions.h"

namespace tillstream {

const std::map<std::string, RpcRule>& RpcPermissions() {
  using P = Permission;
  static const auto& table = *new std::map<std::string, RpcRule>{
      // AdminService: the chain's set-up.
      {"AdminService/CreateOrg", {P::kCreateOrgs, true}},
      {"AdminService/CreateStore", {P::kManageStores, true}},
      {"AdminService/CreateTill", {P::kManageStores, true}},
      {"AdminService/UpsertItems", {P::kManageCatalog, true}},
      // Bills and reports.
      {"AdminService/ListBills", {P::kReadBills, false}},
      {"AdminService/GetBill", {P::kReadBills, false}},
      {"AdminService/DaySummary", {P::kReadBills, false}},
      {"AdminService/DeleteBill", {P::kManageBills, true}},
      {"AdminService/TagBill", {P::kManageBills, true}},
      // Settings.
      {"AdminService/GetBillingConfig", {P::kReadSettings, false}},
      {"AdminService/ListBillingConfigHistory", {P::kReadSettings, false}},
      {"AdminService/SetBillingConfig", {P::kManageSettings, true}},
      {"AdminService/GetLoyaltyConfig", {P::kReadSettings, false}},
      {"AdminService/SetLoyaltyConfig", {P::kManageSettings, true}},
      {"AdminService/GetInvoiceSettings", {P::kReadSettings, false}},
      {"AdminService/SetInvoiceSettings", {P::kManageSettings, true}},
      // Customers and loyalty.
      {"AdminService/EnrolCustomer", {P::kManageCustomers, true}},
      {"AdminService/UpdateCustomer", {P::kManageCustomers, true}},
      {"AdminService/GetCustomer", {P::kReadCustomers, false}},
      // Hands out a validation code: a write.
      {"AdminService/CheckPoints", {P::kReadCustomers, true}},
      {"AdminService/ListPointsLedger", {P::kReadCustomers, false}},
      {"AdminService/CheckCoupon", {P::kReadCustomers, false, /*guessable=*/true}},
      {"AdminService/AdjustPoints", {P::kManageLoyalty, true}},
      {"AdminService/ExpirePoints", {P::kManageLoyalty, true}},
      {"AdminService/CreateCouponSeries", {P::kManageLoyalty, true}},
      {"AdminService/IssueCoupon", {P::kManageLoyalty, true}},
      {"AdminService/ReactivateCoupon", {P::kManageLoyalty, true, /*guessable=*/true}},
      // A web shop's invoices.
      {"InvoiceService/FindUser", {P::kWebInvoices, false, /*guessable=*/true}},
      {"InvoiceService/CreateUser", {P::kWebInvoices, true}},
      {"InvoiceService/BeginInvoice", {P::kWebInvoices, true}},
      {"InvoiceService/AddItems", {P::kWebInvoices, true}},
      {"InvoiceService/AddPayments", {P::kWebInvoices, true}},
      {"InvoiceService/CommitInvoice", {P::kWebInvoices, true}},
      {"InvoiceService/AbortInvoice", {P::kWebInvoices, true}},
      {"InvoiceService/GetInvoice", {P::kWebInvoices, false, /*guessable=*/true}},
      {"InvoiceService/GetInvoiceItem", {P::kWebInvoices, false, /*guessable=*/true}},
      {"InvoiceService/RedeemItem", {P::kWebInvoices, true, /*guessable=*/true}},
      // Purchases from other systems.
      {"PurchaseService/RecordPurchase", {P::kRecordPurchases, true}},
      {"PurchaseService/GetPurchase", {P::kReadPurchases, false}},
      // Keys.
      {"IdentityService/CreateApiKey", {P::kManageKeys, true}},
      {"IdentityService/ListApiKeys", {P::kManageKeys, false}},
      {"IdentityService/RevokeApiKey", {P::kManageKeys, true}},
      {"IdentityService/ListAudit", {P::kReadAudit, false}},
      {"JournalService/VerifyJournal", {P::kReadAudit, false}},
      {"JournalService/ReadJournal", {P::kReadAudit, false}},
      // Tills' certificates.
      {"IdentityService/CreateTillEnrolment", {P::kManageStores, true}},
      {"IdentityService/RevokeTill", {P::kManageStores, true}},
      // Locations and catalogs.
      {"LocationService/ListAccounts",
       {P::kReadStores, false, /*guessable=*/false, /*own_scope=*/true}},
      {"LocationService/ListStores", {P::kReadStores, false}},
      {"LocationService/GetStore", {P::kReadStores, false}},
      {"LocationService/UpdateStore", {P::kManageStores, true}},
      {"LocationService/CreateCatalog", {P::kManageCatalog, true}},
      {"LocationService/ListCatalogs", {P::kReadStores, false}},
      {"CatalogSyncService/StartSync", {P::kManageCatalog, true}},
      {"CatalogSyncService/GetSync", {P::kManageCatalog, false}},
      // Cashiers.
      {"IdentityService/SetCashier", {P::kManageCashiers, true}},
      {"IdentityService/ListCashiers", {P::kManageCashiers, false}},
      {"IdentityService/UnlockCashier", {P::kManageCashiers, true}},
  };
  return table;
}

std::optional<RpcRule> RuleFor(const std::string& rpc) {
  const auto& table = RpcPermissions();
  const auto it = table.find(rpc);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

}  // namespace tillstream
