#include "server/usecases/bill_admin.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/ids.h"
#include "common/validation.h"
#include "server/domain/org/org_repository.h"
#include "server/domain/reports/report_repository.h"
#include "server/domain/sales/bill_repository.h"
#include "server/domain/sales/billing_config_repository.h"

namespace tillstream {

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

absl::StatusOr<BillPage> BillAdmin::ListBills(const std::string& org_id,
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

absl::StatusOr<StoredBill> BillAdmin::GetBill(const std::string& org_id,
                                              const std::string& bill_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto s = CheckUuid("bill_id", bill_id); !s.ok()) return s;
  return repos_.bills->GetBill(org_id, CanonicalUuid(bill_id));
}

absl::StatusOr<DaySummary> BillAdmin::GetDaySummary(const std::string& org_id,
                                                    const std::string& business_date) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto s = ValidateBusinessDate("business_date", business_date); !s.ok()) {
    return s;
  }
  if (auto org = repos_.orgs->GetOrg(org_id); !org.ok()) return org.status();
  return repos_.reports->GetDaySummary(org_id, business_date);
}

absl::StatusOr<StoredBill> BillAdmin::DeleteBill(const std::string& org_id,
                                                 const std::string& bill_id,
                                                 const std::string& person,
                                                 const std::string& key_name,
                                                 const std::string& reason) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto s = CheckUuid("bill_id", bill_id); !s.ok()) return s;
  if (auto s = CheckText("deleted_by", person, kMaxNameLength); !s.ok()) return s;
  if (auto s = CheckText("reason", reason, 500); !s.ok()) return s;
  return repos_.bills->DeleteBill(org_id, CanonicalUuid(bill_id),
                                  absl::StrCat(person, " (key '", key_name, "')"),
                                  reason);
}

absl::StatusOr<BillingConfigVersion> BillAdmin::GetBillingConfig(
    const std::string& org_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto org = repos_.orgs->GetOrg(org_id); !org.ok()) return org.status();
  return repos_.billing->GetBillingConfig(org_id);
}

absl::StatusOr<BillingConfigVersion> BillAdmin::SetBillingConfig(
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

absl::StatusOr<std::vector<BillingConfigVersion>> BillAdmin::BillingConfigHistory(
    const std::string& org_id) {
  if (auto s = CheckCode("org_id", org_id); !s.ok()) return s;
  if (auto org = repos_.orgs->GetOrg(org_id); !org.ok()) return org.status();
  return repos_.billing->BillingConfigHistory(org_id);
}

}  // namespace tillstream
