#include "server/domain/sales/offline_sales.h"

#include <algorithm>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/validation.h"
#include "server/domain/sales/settlement.h"

namespace tillstream {

absl::Status CheckOfflineShape(const BillInput& in) {
  if (!in.offline) return absl::OkStatus();
  if (auto s = CheckCode("offline.catalog_id", in.offline->catalog_id); !s.ok()) return s;
  if (in.offline->version < 1) {
    return FieldError("offline.catalog_version",
                      "must be the catalog version the till priced the bill from");
  }
  if (in.return_of) {
    return FieldError("offline", "a return needs the server: it cannot be rung offline");
  }
  for (size_t i = 0; i < in.tenders.size(); ++i) {
    const TenderType type = in.tenders[i].type;
    if (type == TenderType::kPoints || type == TenderType::kCoupon) {
      return FieldError(absl::StrCat("tenders[", i, "].type"),
                        "points and coupons need the server: a bill rung offline "
                        "cannot be paid with them");
    }
  }
  return absl::OkStatus();
}

int VersionCurrentAt(const std::vector<VersionPublished>& versions, absl::Time t) {
  int current = 0;
  for (const VersionPublished& v : versions) {
    if (v.published_at <= t) current = std::max(current, v.version);
  }
  return current;
}

bool OfflinePricesStand(const std::vector<VersionPublished>& versions, int version,
                        absl::Time billing_time, absl::Duration grace) {
  if (version >= VersionCurrentAt(versions, billing_time)) return true;
  // Replaced before the billing time: by the first version after it.
  absl::Time replaced_at = absl::InfiniteFuture();
  for (const VersionPublished& v : versions) {
    if (v.version > version) replaced_at = std::min(replaced_at, v.published_at);
  }
  return billing_time - replaced_at < grace;
}

std::vector<std::string> OfflinePriceWarnings(const Bill& bill,
                                              const std::vector<CatalogItem>& current,
                                              int current_version) {
  std::unordered_map<std::string, const CatalogItem*> by_sku;
  for (const CatalogItem& item : current) by_sku[item.sku] = &item;
  const std::string& cur = bill.currency;
  std::vector<std::string> warnings;
  for (const PricedLine& line : bill.lines) {
    const std::string what =
        absl::StrCat("line ", line.line_no, " (", line.sku, " ", line.name, ")");
    auto it = by_sku.find(line.sku);
    if (it == by_sku.end()) {
      warnings.push_back(absl::StrCat(
          what, ": priced ", FormatMoney(line.unit_price_minor, cur),
          " offline from version ", bill.catalog_version, "; not in version ",
          current_version, ", current at the billing time"));
      continue;
    }
    const int64_t now = it->second->unit_price_minor;
    if (now == line.unit_price_minor) continue;
    warnings.push_back(absl::StrCat(
        what, ": priced ", FormatMoney(line.unit_price_minor, cur),
        " offline from version ", bill.catalog_version, ", ", FormatMoney(now, cur),
        " in version ", current_version, " current at the billing time: difference ",
        FormatMoney(line.unit_price_minor - now, cur), " ", cur, " a unit"));
  }
  return warnings;
}

std::vector<std::string> SettleOfflineBill(const BillInput& in, Bill* bill) {
  const std::string& cur = bill->currency;
  std::vector<std::string> warnings;
  if (in.client_total_minor != bill->total_minor) {
    warnings.push_back(
        absl::StrCat("the till charged ", FormatMoney(in.client_total_minor, cur), " ",
                     cur, " offline; priced from its catalog version the bill comes to ",
                     FormatMoney(bill->total_minor, cur)));
  }
  BillInput as_priced = in;
  as_priced.client_total_minor = bill->total_minor;
  if (auto s = SettleBill(as_priced, bill); !s.ok()) {
    // Recorded as paid: the tenders are what the customer handed over.
    int64_t tendered = 0;
    for (const Tender& t : in.tenders) tendered += t.amount_minor;  // each bounded
    bill->tenders = in.tenders;
    bill->tendered_minor = tendered;
    bill->change_minor = std::max<int64_t>(0, tendered - bill->total_minor);
    warnings.push_back(std::string(s.message()));
  }
  return warnings;
}

}  // namespace tillstream
