// posctl's customer and loyalty commands.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "client/customer_lookup.h"
#include "common/env.h"
#include "common/ids.h"
#include "common/money.h"
#include "tools/posctl_admin.h"

namespace tillstream {

const char kLoyaltyUsage[] = R"(
Customers and loyalty (CUSTOMER: a mobile, an email, card:NUMBER, ext:ID or the id):
  enrol-customer ORG KEY=VALUE...      name= mobile= email= card= ext=  (updates
                                       the customer already holding one of them)
  update-customer ORG CUSTOMER KEY=VALUE...
  show-customer ORG CUSTOMER           (profile, points, last bills, coupons)
  show-loyalty ORG
  set-loyalty ORG KEY=VALUE... reason=TEXT [by=NAME]
      keys: earn_points=N earn_per=AMOUNT rounding=down|half_up excluded_skus=A,B
            point_value=AMOUNT redeem_min=N redeem_max=N redeem_multiple=N
            require_code=yes|no code_minutes=N expire_days=N retro_tag=yes|no
            retro_tag_days=N unique=mobile,email,card,ext
  check-points ORG CUSTOMER POINTS
  adjust-points ORG CUSTOMER POINTS reason=TEXT [request=ID] [by=NAME]
  ledger ORG CUSTOMER
  expire-points ORG [AS_OF YYYY-MM-DD]
  create-coupon-series ORG SERIES NAME VALUE FROM UNTIL [max=N] [uses=N]
  issue-coupon ORG SERIES [customer=CUSTOMER] [code=CODE]
  check-coupon ORG CODE [customer=CUSTOMER]
  reactivate-coupon ORG CODE BILL_ID reason=TEXT [by=NAME]
  tag-bill ORG BILL_ID CUSTOMER [by=NAME]  (attach a customer to an anonymous bill)
)";

namespace {

void PrintProfile(const pos::v1::CustomerProfile& p) {
  const auto& c = p.customer();
  std::cout << "customer " << c.customer_id() << " " << c.name() << "\n";
  if (!c.mobile().empty()) std::cout << "  mobile       " << c.mobile() << "\n";
  if (!c.email().empty()) std::cout << "  email        " << c.email() << "\n";
  if (!c.card_number().empty()) std::cout << "  card number  " << c.card_number() << "\n";
  if (!c.external_id().empty()) std::cout << "  external id  " << c.external_id() << "\n";
  const auto& pts = p.points();
  std::cout << absl::StrFormat(
      "  points       available %d (earned %d, redeemed %d, expired %d, adjusted %d)\n",
      pts.available(), pts.earned(), pts.redeemed(), pts.expired(), pts.adjusted());
  for (const auto& b : p.last_bills()) {
    std::cout << "  bill         " << b.bill_number() << " " << b.store_id() << "/"
              << b.till_id() << " " << Money(b.total()) << " "
              << pos::v1::BillStatus_Name(b.status()) << "\n";
  }
  for (const auto& cp : p.coupons()) {
    std::cout << "  coupon       " << cp.code() << " " << cp.series_name() << " "
              << Money(cp.value()) << " until " << cp.valid_until() << "\n";
  }
}

// The customer id behind any identifier.
bool ResolveCustomer(Admin& admin, const std::string& org, const std::string& id,
                     std::string* customer_id) {
  if (IsUuid(id)) {
    *customer_id = id;
    return true;
  }
  pos::v1::GetCustomerRequest req;
  req.set_org_id(org);
  *req.mutable_by() = ParseCustomerLookup(id);
  pos::v1::CustomerProfile resp;
  if (!admin.Call(&pos::v1::AdminService::Stub::GetCustomer, req, &resp)) return false;
  *customer_id = resp.customer().customer_id();
  return true;
}

int SetLoyalty(Admin& admin, const std::vector<std::string>& a) {
  pos::v1::GetLoyaltyConfigRequest get;
  get.set_org_id(a[1]);
  pos::v1::LoyaltyConfigVersion current;
  if (!admin.Call(&pos::v1::AdminService::Stub::GetLoyaltyConfig, get, &current))
    return 1;
  pos::v1::SetLoyaltyConfigRequest set;
  set.set_org_id(a[1]);
  set.set_expected_version(current.version());
  *set.mutable_config() = current.config();
  set.set_changed_by(EnvOr("USER", "posctl"));
  pos::v1::LoyaltyConfig& c = *set.mutable_config();
  const std::string currency = absl::GetFlag(FLAGS_currency);
  const int rc = ApplySettings(
      a, kLoyaltyUsage, &set,
      [&](const std::string& key, const std::string& value) -> std::optional<bool> {
        int64_t n = 0;
        const bool number = absl::SimpleAtoi(value, &n);
        const bool yes = value == "yes";
        bool ok = true;
        if (key == "earn_points") {
          ok = number;
          c.set_earning_off(n == 0);
          c.set_earn_points(n);
        } else if (key == "earn_per" || key == "point_value") {
          auto amount = ParseMoney(value, currency);
          ok = amount.ok();
          key == "earn_per" ? c.set_earn_per(amount.value_or(0))
                            : c.set_point_value_minor(amount.value_or(0));
        } else if (key == "rounding") {
          ok = value == "down" || value == "half_up";
          c.set_earn_rounding(value == "half_up" ? pos::v1::POINTS_HALF_UP
                                                 : pos::v1::DOWN);
        } else if (key == "excluded_skus") {
          c.clear_excluded_skus();
          for (absl::string_view s : absl::StrSplit(value, ',', absl::SkipEmpty()))
            c.add_excluded_skus(std::string(s));
        } else if (key == "redeem_min") {
          ok = number;
          c.set_redeem_min_points(n);
        } else if (key == "redeem_max") {
          ok = number;
          c.set_redeem_max_points_per_bill(n);
        } else if (key == "redeem_multiple") {
          ok = number;
          c.set_redeem_multiple(n);
        } else if (key == "require_code") {
          c.set_require_validation_code(yes);
        } else if (key == "code_minutes") {
          ok = number;
          c.set_validation_code_minutes(static_cast<int32_t>(n));
        } else if (key == "expire_days") {
          ok = number;
          c.set_points_expire_days(static_cast<int32_t>(n));
        } else if (key == "retro_tag") {
          c.set_retro_tag_enabled(yes);
        } else if (key == "retro_tag_days") {
          ok = number;
          c.set_retro_tag_max_age_days(static_cast<int32_t>(n));
        } else if (key == "unique") {
          const std::vector<std::string> kinds =
              absl::StrSplit(value, ',', absl::SkipEmpty());
          const auto has = [&](const char* k) {
            return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
          };
          c.set_mobile_not_unique(!has("mobile"));
          c.set_email_not_unique(!has("email"));
          c.set_card_number_not_unique(!has("card"));
          c.set_external_id_not_unique(!has("ext"));
        } else {
          return std::nullopt;
        }
        return ok;
      });
  if (rc != 0) return rc;
  pos::v1::LoyaltyConfigVersion saved;
  if (!admin.Call(&pos::v1::AdminService::Stub::SetLoyaltyConfig, set, &saved)) return 1;
  std::cout << saved.DebugString();
  return 0;
}

}  // namespace

bool RunLoyaltyCommand(Admin& admin, const std::vector<std::string>& a, int* rc) {
  static const std::map<std::string, size_t> kArity = {
      {"enrol-customer", 3},       {"update-customer", 4}, {"show-customer", 3},
      {"show-loyalty", 2},         {"set-loyalty", 3},     {"check-points", 4},
      {"adjust-points", 5},        {"ledger", 3},          {"expire-points", 2},
      {"create-coupon-series", 7}, {"issue-coupon", 3},    {"check-coupon", 3},
      {"reactivate-coupon", 5},    {"tag-bill", 4}};
  const std::string& cmd = a[0];
  const auto arity = kArity.find(cmd);
  if (arity == kArity.end()) return false;
  *rc = 2;
  if (a.size() < arity->second) {
    std::cerr << "posctl: " << cmd << " needs " << arity->second - 1 << " arguments\n"
              << kLoyaltyUsage;
    return true;
  }
  const std::string& org = a[1];
  const std::string by = EnvOr("USER", "posctl");
  std::map<std::string, std::string> opts;
  if (cmd == "enrol-customer" || cmd == "update-customer") {
    const bool enrol = cmd == "enrol-customer";
    if (!Options(a, enrol ? 2 : 3, &opts)) return true;
    pos::v1::EnrolCustomer c;
    c.set_name(opts["name"]);
    c.set_mobile(opts["mobile"]);
    c.set_email(opts["email"]);
    c.set_card_number(opts["card"]);
    c.set_external_id(opts["ext"]);
    pos::v1::CustomerProfile resp;
    if (enrol) {
      pos::v1::EnrolCustomerRequest req;
      req.set_org_id(org);
      *req.mutable_customer() = c;
      if (!admin.Call(&pos::v1::AdminService::Stub::EnrolCustomer, req, &resp)) {
        *rc = 1;
        return true;
      }
      std::cout << (resp.existed() ? "existed, updated: " : "enrolled: ");
    } else {
      pos::v1::UpdateCustomerRequest req;
      req.set_org_id(org);
      std::string id;
      if (!ResolveCustomer(admin, org, a[2], &id)) return *rc = 1, true;
      req.set_customer_id(id);
      req.set_name(c.name());
      req.set_mobile(c.mobile());
      req.set_email(c.email());
      req.set_card_number(c.card_number());
      req.set_external_id(c.external_id());
      if (!admin.Call(&pos::v1::AdminService::Stub::UpdateCustomer, req, &resp)) {
        return *rc = 1, true;
      }
    }
    PrintProfile(resp);
  } else if (cmd == "show-customer") {
    pos::v1::GetCustomerRequest req;
    req.set_org_id(org);
    *req.mutable_by() = ParseCustomerLookup(a[2]);
    pos::v1::CustomerProfile resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::GetCustomer, req, &resp)) {
      return *rc = 1, true;
    }
    PrintProfile(resp);
  } else if (cmd == "show-loyalty") {
    pos::v1::GetLoyaltyConfigRequest req;
    req.set_org_id(org);
    pos::v1::LoyaltyConfigVersion resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::GetLoyaltyConfig, req, &resp)) {
      return *rc = 1, true;
    }
    std::cout << resp.DebugString();
  } else if (cmd == "set-loyalty") {
    *rc = SetLoyalty(admin, a);
    return true;
  } else if (cmd == "check-points") {
    pos::v1::CheckPointsRequest req;
    req.set_org_id(org);
    std::string id;
    int64_t points = 0;
    if (!absl::SimpleAtoi(a[3], &points)) {
      std::cerr << "posctl: POINTS must be a number\n";
      return true;
    }
    if (!ResolveCustomer(admin, org, a[2], &id)) return *rc = 1, true;
    req.mutable_check()->set_customer_id(id);
    req.mutable_check()->set_points(points);
    pos::v1::PointsCheckResult resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::CheckPoints, req, &resp)) {
      return *rc = 1, true;
    }
    std::cout << (resp.redeemable() ? "redeemable" : "not redeemable: " + resp.reason())
              << " (available " << resp.available() << ", worth " << Money(resp.value())
              << ")"
              << (resp.validation_code().empty() ? "" : " code " + resp.validation_code())
              << "\n";
  } else if (cmd == "adjust-points") {
    if (!Options(a, 4, &opts)) return true;
    pos::v1::AdjustPointsRequest req;
    req.set_org_id(org);
    std::string id;
    int64_t points = 0;
    if (!absl::SimpleAtoi(a[3], &points)) {
      std::cerr << "posctl: POINTS must be a number\n";
      return true;
    }
    if (!ResolveCustomer(admin, org, a[2], &id)) return *rc = 1, true;
    req.set_customer_id(id);
    req.set_points(points);
    req.set_reason(opts["reason"]);
    req.set_adjusted_by(opts.count("by") ? opts["by"] : by);
    req.set_request_id(opts.count("request") ? opts["request"] : NewUuid());
    pos::v1::LedgerEntry resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::AdjustPoints, req, &resp)) {
      return *rc = 1, true;
    }
    std::cout << "adjusted " << resp.points() << ", balance " << resp.balance_after()
              << "\n";
  } else if (cmd == "ledger") {
    pos::v1::ListPointsLedgerRequest req;
    req.set_org_id(org);
    std::string id;
    if (!ResolveCustomer(admin, org, a[2], &id)) return *rc = 1, true;
    req.set_customer_id(id);
    pos::v1::PointsLedger resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::ListPointsLedger, req, &resp)) {
      return *rc = 1, true;
    }
    for (const auto& e : resp.entries()) {
      std::cout << absl::StrFormat("%6d %-14s %8d  balance %8d  %s  %s\n", e.entry_id(),
                                   pos::v1::LedgerKind_Name(e.kind()), e.points(),
                                   e.balance_after(), e.reason(), e.created_by());
    }
  } else if (cmd == "expire-points") {
    pos::v1::ExpirePointsRequest req;
    req.set_org_id(org);
    req.set_expired_by(by);
    if (a.size() > 2) {
      absl::Time t;
      std::string err;
      if (!absl::ParseTime("%Y-%m-%d", a[2], &t, &err)) {
        std::cerr << "posctl: AS_OF must be YYYY-MM-DD\n";
        return true;
      }
      req.mutable_as_of()->set_seconds(absl::ToUnixSeconds(t));
    }
    pos::v1::ExpirePointsResponse resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::ExpirePoints, req, &resp)) {
      return *rc = 1, true;
    }
    std::cout << "expired " << resp.points() << " points of " << resp.customers()
              << " customers\n";
  } else if (cmd == "create-coupon-series") {
    if (!Options(a, 7, &opts)) return true;
    pos::v1::CreateCouponSeriesRequest req;
    req.set_org_id(org);
    auto* s = req.mutable_series();
    s->set_series_id(a[2]);
    s->set_name(a[3]);
    if (!ParseAmount("VALUE", a[4], s->mutable_value())) return true;
    s->set_valid_from(a[5]);
    s->set_valid_until(a[6]);
    int n = 0;
    if (opts.count("max") && absl::SimpleAtoi(opts["max"], &n)) s->set_max_redemptions(n);
    if (opts.count("uses") && absl::SimpleAtoi(opts["uses"], &n)) s->set_uses_per_code(n);
    pos::v1::CouponSeries resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::CreateCouponSeries, req, &resp)) {
      return *rc = 1, true;
    }
    std::cout << "series " << resp.series_id() << " " << Money(resp.value()) << " "
              << resp.valid_from() << ".." << resp.valid_until() << "\n";
  } else if (cmd == "issue-coupon") {
    if (!Options(a, 3, &opts)) return true;
    pos::v1::IssueCouponRequest req;
    req.set_org_id(org);
    req.set_series_id(a[2]);
    req.set_code(opts["code"]);
    if (opts.count("customer")) {
      std::string id;
      if (!ResolveCustomer(admin, org, opts["customer"], &id)) return *rc = 1, true;
      req.set_customer_id(id);
    }
    pos::v1::Coupon resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::IssueCoupon, req, &resp)) {
      return *rc = 1, true;
    }
    std::cout << "coupon " << resp.code() << "\n";
  } else if (cmd == "check-coupon") {
    if (!Options(a, 3, &opts)) return true;
    pos::v1::CheckCouponRequest req;
    req.set_org_id(org);
    req.mutable_check()->set_code(a[2]);
    if (opts.count("customer")) {
      std::string id;
      if (!ResolveCustomer(admin, org, opts["customer"], &id)) return *rc = 1, true;
      req.mutable_check()->set_customer_id(id);
    }
    pos::v1::CouponCheckResult resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::CheckCoupon, req, &resp)) {
      return *rc = 1, true;
    }
    std::cout << (resp.redeemable() ? "redeemable" : "not redeemable: " + resp.reason())
              << "\n";
  } else if (cmd == "reactivate-coupon") {
    if (!Options(a, 4, &opts)) return true;
    pos::v1::ReactivateCouponRequest req;
    req.set_org_id(org);
    req.set_code(a[2]);
    req.set_bill_id(a[3]);
    req.set_reason(opts["reason"]);
    req.set_reactivated_by(opts.count("by") ? opts["by"] : by);
    pos::v1::Coupon resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::ReactivateCoupon, req, &resp)) {
      return *rc = 1, true;
    }
    std::cout << "coupon " << resp.code() << " used " << resp.uses() << " of "
              << resp.uses_per_code() << "\n";
  } else if (cmd == "tag-bill") {
    if (!Options(a, 4, &opts)) return true;
    pos::v1::TagBillRequest req;
    req.set_org_id(org);
    req.mutable_tag()->set_bill_id(a[2]);
    std::string id;
    if (!ResolveCustomer(admin, org, a[3], &id)) return *rc = 1, true;
    req.mutable_tag()->set_customer_id(id);
    req.set_tagged_by(opts.count("by") ? opts["by"] : by);
    pos::v1::BillReceipt resp;
    if (!admin.Call(&pos::v1::AdminService::Stub::TagBill, req, &resp)) {
      return *rc = 1, true;
    }
    std::cout << "bill " << resp.bill_number()
              << " tagged: " << pos::v1::BillStatus_Name(resp.status()) << ", earned "
              << resp.loyalty().points_earned() << " points\n";
  }
  *rc = 0;
  return true;
}

}  // namespace tillstream
