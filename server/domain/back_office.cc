#include "server/domain/back_office.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/identifiers.h"
#include "common/ids.h"
#include "common/money.h"
#include "common/validation.h"
#include "server/domain/pricing.h"

namespace tillstream {

absl::Status ValidateCatalogItem(const std::string& field, const CatalogItem& item) {
  if (auto s = CheckCode(field + ".sku", item.sku); !s.ok()) return s;
  if (auto s = CheckText(field + ".name", item.name, kMaxNameLength); !s.ok()) {
    return s;
  }
  if (item.unit_price_minor < 0 || item.unit_price_minor > kMaxUnitPriceMinor) {
    return FieldError(
        field + ".unit_price",
        absl::StrCat("must be between 0 and ", kMaxUnitPriceMinor, " minor units"));
  }
  if (item.tax_rate_bp < 0 || item.tax_rate_bp > 10000) {
    return FieldError(field + ".tax_rate_bp",
                      "must be between 0 and 10000 basis points (0-100%)");
  }
  if (item.barcodes.size() > 20) {
    return FieldError(field + ".barcodes", "holds more than 20 barcodes");
  }
  for (size_t i = 0; i < item.barcodes.size(); ++i) {
    if (auto s =
            CheckBarcode(absl::StrCat(field, ".barcodes[", i, "]"), item.barcodes[i]);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateBusinessDate(const std::string& field, const std::string& date) {
  absl::CivilDay day;
  if (date.size() != 10 || !absl::ParseCivilTime(date, &day)) {
    return FieldError(field, absl::StrCat("'", date, "' is not a date like 2026-11-22"));
  }
  return absl::OkStatus();
}

namespace {

// Page tokens are "<billing time in unix micros>_<bill id>".
absl::StatusOr<BillCursor> ParsePageToken(const std::string& token) {
  const auto bad = FieldError("page_token", "is not a token this server issued");
  const size_t sep = token.find('_');
  if (sep == std::string::npos) return bad;
  int64_t micros = 0;
  if (!absl::SimpleAtoi(token.substr(0, sep), &micros)) return bad;
  const std::string bill_id = token.substr(sep + 1);
  if (!IsUuid(bill_id)) return bad;
  return BillCursor{absl::FromUnixMicros(micros), bill_id};
}

}  // namespace

absl::StatusOr<Org> BackOffice::CreateOrg(const Org& org) {
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

absl::StatusOr<Org> BackOffice::GetOrg(const std::string& org_id) {
  return LoadOrg(*repos_.orgs, org_id);
}

absl::StatusOr<StoreInfo> BackOffice::CreateStore(const StoreInfo& store) {
  if (auto s = CheckCode("org_id", store.org_id); !s.ok()) return s;
  if (auto s = CheckCode("store_id", store.store_id); !s.ok()) return s;
  if (auto s = CheckText("name", store.name, kMaxNameLength); !s.ok()) return s;
  return repos_.orgs->CreateStore(store);
}

absl::StatusOr<TillInfo> BackOffice::CreateTill(const TillInfo& till) {
  if (auto s = CheckCode("org_id", till.org_id); !s.ok()) return s;
  if (auto s = CheckCode("store_id", till.store_id); !s.ok()) return s;
  if (auto s = CheckCode("till_id", till.till_id); !s.ok()) return s;
  return repos_.orgs->CreateTill(till);
}

absl::StatusOr<UpsertCounts> BackOffice::UpsertItems(
    const std::string& org_id, const std::string& price_currency,
    const std::vector<CatalogItem>& items) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
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
  auto counts = repos_.catalog->UpsertItems(org_id, items);
  if (!counts.ok()) return counts.status();
  return counts;
}

absl::StatusOr<BillPage> BackOffice::ListBills(const std::string& org_id,
                                               const std::string& business_date,
                                               const std::string& store_id, int page_size,
                                               const std::string& page_token) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto s = ValidateBusinessDate("business_date", business_date); !s.ok()) {
    return s;
  }
  if (!store_id.empty()) {
    if (auto s = CheckCode("store_id", store_id); !s.ok()) return s;
  }
  if (page_size < 0 || page_size > kMaxPageSize) {
    return FieldError("page_size", absl::StrCat("must be between 0 and ", kMaxPageSize));
  }
  if (page_size == 0) page_size = 100;
  std::optional<BillCursor> after;
  if (!page_token.empty()) {
    auto cursor = ParsePageToken(page_token);
    if (!cursor.ok()) return cursor.status();
    after = *cursor;
  }
  if (auto org = repos_.orgs->GetOrg(org_id); !org.ok()) return org.status();
  auto bills =
      repos_.bills->ListBills(org_id, business_date, store_id, page_size + 1, after);
  if (!bills.ok()) return bills.status();
  BillPage page;
  page.bills = *std::move(bills);
  if (page.bills.size() > static_cast<size_t>(page_size)) {
    page.bills.resize(page_size);
    const BillSummary& last = page.bills.back();
    page.next_page_token =
        absl::StrCat(absl::ToUnixMicros(last.billing_time), "_", last.bill_id);
  }
  return page;
}

absl::StatusOr<StoredBill> BackOffice::GetBill(const std::string& org_id,
                                               const std::string& bill_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto s = CheckUuid("bill_id", bill_id); !s.ok()) return s;
  return repos_.bills->GetBill(org_id, CanonicalUuid(bill_id));
}

absl::StatusOr<DaySummary> BackOffice::GetDaySummary(const std::string& org_id,
                                                     const std::string& business_date) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto s = ValidateBusinessDate("business_date", business_date); !s.ok()) {
    return s;
  }
  if (auto org = repos_.orgs->GetOrg(org_id); !org.ok()) return org.status();
  return repos_.bills->GetDaySummary(org_id, business_date);
}

}  // namespace tillstream

namespace tillstream {

absl::StatusOr<StoredBill> BackOffice::DeleteBill(const std::string& org_id,
                                                  const std::string& bill_id,
                                                  const std::string& deleted_by,
                                                  const std::string& reason) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto s = CheckUuid("bill_id", bill_id); !s.ok()) return s;
  if (auto s = CheckText("deleted_by", deleted_by, kMaxNameLength); !s.ok()) return s;
  if (auto s = CheckText("reason", reason, 500); !s.ok()) return s;
  return repos_.bills->DeleteBill(org_id, CanonicalUuid(bill_id), deleted_by, reason);
}

absl::StatusOr<BillingConfigVersion> BackOffice::GetBillingConfig(
    const std::string& org_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto org = repos_.orgs->GetOrg(org_id); !org.ok()) return org.status();
  return repos_.billing->GetBillingConfig(org_id);
}

absl::StatusOr<BillingConfigVersion> BackOffice::SetBillingConfig(
    const std::string& org_id, const BillingConfig& config, int32_t expected_version,
    const std::string& changed_by, const std::string& reason) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto s = ValidateBillingConfig(config); !s.ok()) return s;
  if (expected_version < 0) return FieldError("expected_version", "must not be negative");
  if (auto s = CheckText("changed_by", changed_by, kMaxNameLength); !s.ok()) return s;
  if (auto s = CheckText("reason", reason, 500); !s.ok()) return s;
  if (auto org = repos_.orgs->GetOrg(org_id); !org.ok()) return org.status();
  return repos_.billing->SaveBillingConfig(org_id, config, expected_version, changed_by,
                                           reason);
}

absl::StatusOr<std::vector<BillingConfigVersion>> BackOffice::BillingConfigHistory(
    const std::string& org_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto org = repos_.orgs->GetOrg(org_id); !org.ok()) return org.status();
  return repos_.billing->BillingConfigHistory(org_id);
}

}  // namespace tillstream
