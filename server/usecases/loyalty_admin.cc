#include "server/usecases/loyalty_admin.h"

#include <sys/random.h>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/money.h"
#include "common/validation.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/customers/normalize.h"
#include "server/domain/loyalty/loyalty_repository.h"
#include "server/domain/org/org_repository.h"

namespace tillstream {

absl::StatusOr<std::pair<CustomerProfile, bool>> LoyaltyAdmin::EnrolCustomer(
    const std::string& org_id, const Customer& customer) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  return customers_.Enrol(*org, "customer.", customer);
}

absl::StatusOr<CustomerProfile> LoyaltyAdmin::UpdateCustomer(const std::string& org_id,
                                                             const Customer& customer) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckUuid("customer_id", customer.customer_id); !s.ok()) return s;
  auto c = NormalizeCustomer("", customer, *org, /*need_identifier=*/false);
  if (!c.ok()) return c.status();
  auto updated = repos_.customers->UpdateCustomer(org_id, *c);
  if (!updated.ok()) return updated.status();
  return customers_.Profile(*org, updated->customer_id);
}

absl::StatusOr<CustomerProfile> LoyaltyAdmin::GetCustomer(
    const std::string& org_id, std::optional<IdentifierKind> kind,
    const std::string& value) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (!kind) {
    if (auto s = CheckUuid("by.customer_id", value); !s.ok()) return s;
    return customers_.Profile(*org, value);
  }
  std::string field = absl::StrCat("by.", IdentifierKindName(*kind));
  for (char& ch : field) {
    if (ch == ' ') ch = '_';
  }
  return customers_.Lookup(*org, field, *kind, value);
}

absl::StatusOr<LoyaltyConfigVersion> LoyaltyAdmin::GetLoyaltyConfig(
    const std::string& org_id) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  return repos_.loyalty->GetLoyaltyConfig(org_id);
}

absl::StatusOr<LoyaltyConfigVersion> LoyaltyAdmin::SetLoyaltyConfig(
    const std::string& org_id, const LoyaltyConfig& config, int32_t expected_version,
    const std::string& changed_by, const std::string& reason) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = ValidateLoyaltyConfig(config); !s.ok()) return s;
  if (expected_version < 0) return FieldError("expected_version", "must be >= 0");
  if (auto s = CheckText("changed_by", changed_by, kMaxNameLength); !s.ok()) return s;
  if (auto s = CheckText("reason", reason, 500); !s.ok()) return s;
  return repos_.loyalty->SaveLoyaltyConfig(org_id, config, expected_version, changed_by,
                                           reason);
}

absl::StatusOr<PointsCheck> LoyaltyAdmin::CheckPoints(const std::string& org_id,
                                                      const std::string& customer_id,
                                                      int64_t points) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  return checks_.CheckPoints(*org, customer_id, points);
}

absl::StatusOr<LedgerEntry> LoyaltyAdmin::AdjustPoints(
    const std::string& org_id, const std::string& customer_id, int64_t points,
    const std::string& reason, const std::string& by, const std::string& request_id) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckUuid("customer_id", customer_id); !s.ok()) return s;
  if (points == 0) return FieldError("points", "must not be 0");
  if (points > 1'000'000'000'000 || points < -1'000'000'000'000)
    return FieldError("points", "is out of range");
  if (auto s = CheckText("reason", reason, 500); !s.ok()) return s;
  if (auto s = CheckText("adjusted_by", by, kMaxNameLength); !s.ok()) return s;
  if (auto s = CheckText("request_id", request_id, kMaxCorrelationIdLength); !s.ok())
    return s;
  return repos_.loyalty->AdjustPoints(org_id, customer_id, points, reason, by,
                                      request_id);
}

absl::StatusOr<std::vector<LedgerEntry>> LoyaltyAdmin::ListLedger(
    const std::string& org_id, const std::string& customer_id, int limit) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckUuid("customer_id", customer_id); !s.ok()) return s;
  if (limit < 0 || limit > kMaxLedgerPage)
    return FieldError("limit", absl::StrCat("must be 0..", kMaxLedgerPage));
  auto customer = repos_.customers->FindById(org_id, customer_id);
  if (!customer.ok()) return customer.status();
  return repos_.loyalty->ListLedger(org_id, customer_id, limit == 0 ? 100 : limit);
}

absl::StatusOr<ExpiryResult> LoyaltyAdmin::ExpirePoints(const std::string& org_id,
                                                        absl::Time as_of,
                                                        const std::string& by) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckText("expired_by", by, kMaxNameLength); !s.ok()) return s;
  auto rules = repos_.loyalty->GetLoyaltyConfig(org_id);
  if (!rules.ok()) return rules.status();
  if (rules->config.points_expire_days == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("points never expire in org ", org_id,
                     "; set points_expire_days in its loyalty rules first"));
  }
  return repos_.loyalty->ExpirePoints(
      org_id, as_of - absl::Hours(24) * rules->config.points_expire_days, by);
}

absl::StatusOr<CouponSeries> LoyaltyAdmin::CreateCouponSeries(const std::string& org_id,
                                                              const CouponSeries& s) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto st = CheckCode("series.series_id", s.series_id); !st.ok()) return st;
  if (auto st = CheckText("series.name", s.name, kMaxNameLength); !st.ok()) return st;
  if (s.value_minor <= 0 || s.value_minor > kMaxAbsMinorUnits)
    return FieldError("series.value", "must be positive");
  if (s.valid_until < s.valid_from)
    return FieldError("series.valid_until", "is before valid_from");
  if (s.max_redemptions < 0) return FieldError("series.max_redemptions", "must be >= 0");
  if (s.uses_per_code < 1 || s.uses_per_code > 1'000'000)
    return FieldError("series.uses_per_code", "must be 1..1000000");
  return repos_.loyalty->CreateCouponSeries(org_id, s);
}

absl::StatusOr<CouponState> LoyaltyAdmin::IssueCoupon(const std::string& org_id,
                                                      const std::string& series_id,
                                                      const std::string& customer_id,
                                                      const std::string& code) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckCode("series_id", series_id); !s.ok()) return s;
  if (!customer_id.empty()) {
    if (auto s = CheckUuid("customer_id", customer_id); !s.ok()) return s;
  }
  if (!code.empty()) {
    if (auto s = CheckCode("code", code); !s.ok()) return s;
  }
  return repos_.loyalty->IssueCoupon(org_id, code.empty() ? NewCouponCode() : code,
                                     series_id, customer_id);
}

absl::StatusOr<CouponCheck> LoyaltyAdmin::CheckCoupon(const std::string& org_id,
                                                      const std::string& code,
                                                      const std::string& customer_id,
                                                      int64_t amount_minor) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  return checks_.CheckCoupon(*org, code, customer_id, amount_minor);
}

absl::StatusOr<CouponState> LoyaltyAdmin::ReactivateCoupon(const std::string& org_id,
                                                           const std::string& code,
                                                           const std::string& bill_id,
                                                           const std::string& by,
                                                           const std::string& reason) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  if (auto s = CheckCode("code", code); !s.ok()) return s;
  if (auto s = CheckUuid("bill_id", bill_id); !s.ok()) return s;
  if (auto s = CheckText("reactivated_by", by, kMaxNameLength); !s.ok()) return s;
  if (auto s = CheckText("reason", reason, 500); !s.ok()) return s;
  return repos_.loyalty->ReactivateCoupon(org_id, code, bill_id, by, reason);
}

absl::StatusOr<StoredBill> LoyaltyAdmin::TagBill(const std::string& org_id,
                                                 const std::string& bill_id,
                                                 const std::string& customer_id,
                                                 const std::string& by) {
  auto org = LoadOrg(*repos_.orgs, org_id);
  if (!org.ok()) return org.status();
  return tagging_.TagBill(*org, bill_id, customer_id, by);
}

}  // namespace tillstream
