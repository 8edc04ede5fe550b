// TillSession::SubmitOffline: a bill the till rang while it could not reach
// the server (server/domain/sales/offline_sales.h has the rules).
#include "absl/strings/str_cat.h"
#include "server/domain/catalog/catalog_repository.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/org/org_repository.h"
#include "server/domain/sales/bill_input.h"
#include "server/domain/sales/bill_repository.h"
#include "server/domain/sales/billing_config_repository.h"
#include "server/domain/sales/fingerprint.h"
#include "server/domain/sales/offline_sales.h"
#include "server/domain/sales/pricing.h"
#include "server/usecases/bill_staff.h"
#include "server/usecases/till_session.h"

namespace tillstream {

absl::StatusOr<StoredBill> TillSession::SubmitOffline(const BillInput& in) {
  if (auto s = RequireHello(); !s.ok()) return s;
  if (auto s = CheckOfflineShape(in); !s.ok()) return s;
  if (auto s = ValidateBillInput(in, clock_()); !s.ok()) return s;
  const std::string& org_id = till_->org.org_id;
  const std::string fingerprint = BillFingerprint(*till_, in);
  // A resend of a stored bill is answered by SaveBill as the replay it is,
  // whatever has changed since.
  if (auto stored = repos_.bills->GetBill(org_id, in.bill_id); stored.ok()) {
    return repos_.bills->SaveBill(stored->bill, fingerprint);
  }
  auto rules = repos_.billing->GetBillingConfig(org_id);
  if (!rules.ok()) return rules.status();
  const BillingConfig& config = rules->config;
  std::vector<std::string> warnings;
  const auto unchecked = [&warnings](const absl::Status& s, absl::string_view rule) {
    if (!s.ok()) warnings.push_back(absl::StrCat(rule, ": ", s.message()));
  };
  unchecked(CheckBillNumberRules(config, in.bill_number), "bill number");
  unchecked(CheckEarliestBillingTime(config, in.billing_time, till_->org.time_zone),
            "billing time");
  if (auto store = repos_.orgs->GetStore(org_id, till_->store.store_id); store.ok()) {
    unchecked(CheckCanSell(*store), "store");
  }

  // Priced from the version the till used: that is what it charged.
  const OfflineSale& sale = *in.offline;
  std::vector<std::string> skus;
  for (const BillLineInput& l : in.lines) skus.push_back(l.sku);
  auto items = repos_.catalog->FindBySkusAt(org_id, sale.catalog_id, skus, sale.version);
  if (absl::IsNotFound(items.status()) || absl::IsOutOfRange(items.status())) {
    return FieldError("offline", items.status().message());
  }
  if (!items.ok()) return items.status();
  if (!in.customer_id.empty()) {
    auto customer = repos_.customers->FindById(org_id, in.customer_id);
    if (!customer.ok()) return customer.status();
  }
  auto bill = PriceBill(*till_, in, items->items, TaxPolicyOf(config));
  if (!bill.ok()) return bill.status();
  bill->catalog_id = sale.catalog_id;
  bill->catalog_version = sale.version;
  bill->offline = true;
  for (std::string& w : SettleOfflineBill(in, &*bill)) warnings.push_back(std::move(w));

  auto versions = repos_.catalog->ListVersions(org_id, sale.catalog_id);
  if (!versions.ok()) return versions.status();
  if (!OfflinePricesStand(*versions, sale.version, in.billing_time,
                          absl::Seconds(config.offline_price_grace_seconds))) {
    const int current = VersionCurrentAt(*versions, in.billing_time);
    auto now = repos_.catalog->FindBySkusAt(org_id, sale.catalog_id, skus, current);
    if (!now.ok()) return now.status();
    for (std::string& w : OfflinePriceWarnings(*bill, now->items, current)) {
      warnings.push_back(std::move(w));
    }
  }

  if (auto s = Classify(config, Override::kPaidOffline, &*bill); !s.ok()) return s;
  auto staff = CheckBillStaff(cashiers_, identity(), in, config,
                              SupervisorNeededFor(config, *bill));
  if (staff.ok()) {
    staff->ApplyTo(&*bill);
  } else {
    unchecked(staff.status(), "staff");
  }
  if (!in.customer_id.empty()) {
    auto loyalty = LoyaltyRules();
    if (!loyalty.ok()) return loyalty.status();
    if (auto s = PlanLoyalty(*loyalty, in, nullptr, nullptr, &*bill); !s.ok()) return s;
  }
  for (std::string& w : warnings) bill->warnings.push_back(std::move(w));
  auto stored = repos_.bills->SaveBill(*bill, fingerprint);
  if (absl::IsAlreadyExists(stored.status()) && bill->claim) {
    // Its number is taken elsewhere in the org's scope: a till cannot know
    // that offline, so the bill is stored without claiming the number.
    bill->warnings.push_back(
        absl::StrCat("bill number uniqueness: ", stored.status().message()));
    bill->claim.reset();
    stored = repos_.bills->SaveBill(*bill, fingerprint);
  }
  if (!stored.ok()) return stored.status();
  StartNextBill();
  return stored;
}

}  // namespace tillstream
