#include "server/usecases/store_setup.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/identifiers.h"
#include "common/money.h"
#include "common/validation.h"
#include "server/domain/catalog/catalog_repository.h"
#include "server/domain/org/org_repository.h"
#include "server/domain/org/store.h"

namespace tillstream {

absl::StatusOr<Org> StoreSetup::CreateOrg(const Org& org) {
  if (auto s = CheckCode("org_id", org.org_id); !s.ok()) return s;
  if (auto s = CheckText("name", org.name, kMaxNameLength); !s.ok()) return s;
  if (auto d = CurrencyDigits(org.currency); !d.ok()) {
    return FieldError("currency", d.status().message());
  }
  absl::TimeZone tz;
  if (org.time_zone.empty() || org.time_zone.size() > 64 ||
      !absl::LoadTimeZone(org.time_zone, &tz)) {
    return FieldError("time_zone",
                      absl::StrCat("'", org.time_zone,
                                   "' is not an IANA time zone like Europe/Berlin"));
  }
  if (!IsCountryCallingCode(org.default_country_code)) {
    return FieldError("default_country_code",
                      absl::StrCat("'", org.default_country_code,
                                   "' is not a country calling code like 49 or 1"));
  }
  return repos_.orgs->CreateOrg(org);
}

absl::StatusOr<Org> StoreSetup::GetOrg(const std::string& org_id) {
  return LoadOrg(*repos_.orgs, org_id);
}

absl::StatusOr<StoreInfo> StoreSetup::CreateStore(const StoreInfo& store) {
  if (auto s = ValidateStore(store); !s.ok()) return s;
  StoreInfo wanted = store;
  if (wanted.catalog_id.empty()) wanted.catalog_id = kMainCatalogId;
  return repos_.orgs->CreateStore(wanted);
}

absl::StatusOr<TillInfo> StoreSetup::CreateTill(const TillInfo& till) {
  if (auto s = CheckCode("org_id", till.org_id); !s.ok()) return s;
  if (auto s = CheckCode("store_id", till.store_id); !s.ok()) return s;
  if (auto s = CheckCode("till_id", till.till_id); !s.ok()) return s;
  return repos_.orgs->CreateTill(till);
}

absl::StatusOr<UpsertCounts> StoreSetup::UpsertItems(
    const std::string& org_id, const std::string& catalog_id,
    const std::string& price_currency, const std::vector<CatalogItem>& items) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto s = CheckCode("catalog_id", catalog_id); !s.ok()) return s;
  if (items.empty()) return FieldError("items", "must hold at least one item");
  if (items.size() > kMaxItemsPerUpsert) {
    return FieldError("items",
                      absl::StrCat("holds ", items.size(), " items; send at most ",
                                   kMaxItemsPerUpsert, " per call"));
  }
  std::set<std::string> skus;
  std::set<std::string> barcodes;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string field = absl::StrCat("items[", i, "]");
    if (auto s = ValidateCatalogItem(field, items[i]); !s.ok()) return s;
    if (!skus.insert(items[i].sku).second) {
      return FieldError(field + ".sku",
                        absl::StrCat("'", items[i].sku, "' appears twice"));
    }
    for (const std::string& b : items[i].barcodes) {
      if (!barcodes.insert(b).second) {
        return FieldError(field + ".barcodes",
                          absl::StrCat("barcode '", b, "' appears twice"));
      }
    }
  }
  auto org = repos_.orgs->GetOrg(org_id);
  if (!org.ok()) return org.status();
  if (price_currency != org->currency) {
    return FieldError("items.unit_price.currency",
                      absl::StrCat("is '", price_currency, "' but org ", org_id,
                                   " prices in ", org->currency));
  }
  auto counts = repos_.catalog->UpsertItems(org_id, catalog_id, items);
  if (!counts.ok()) return counts.status();
  return counts;
}

}  // namespace tillstream
