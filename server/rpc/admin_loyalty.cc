// AdminService handlers for customers and loyalty.
#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/admin_service.h"
#include "server/rpc/convert/customers.h"
#include "server/rpc/convert/loyalty.h"
#include "server/rpc/convert/reports.h"
#include "server/rpc/convert/sales.h"
#include "server/rpc/convert/wire.h"
#include "server/rpc/unary.h"

namespace tillstream {
namespace {

absl::StatusOr<int64_t> AmountIn(const pos::v1::Money& money, const std::string& field,
                                 const std::string& currency) {
  if (money.currency() != currency) {
    return FieldError(field + ".currency",
                      absl::StrCat("must be the org's currency ", currency));
  }
  return money.minor_units();
}

absl::StatusOr<absl::CivilDay> Day(const std::string& field, const std::string& text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) {
    return FieldError(field, "must be a date YYYY-MM-DD");
  }
  return day;
}

}  // namespace

absl::Status AdminServiceImpl::HandleEnrolCustomer(
    const Principal& /*caller*/, const pos::v1::EnrolCustomerRequest& req,
    pos::v1::CustomerProfile* resp) {
  auto org = setup_->GetOrg(req.org_id());
  if (!org.ok()) return org.status();
  return Reply(loyalty_->EnrolCustomer(req.org_id(), FromProtoEnrol(req.customer())),
               [&](const auto& enrolled) {
                 *resp = ToProtoProfile(enrolled.first, org->currency, enrolled.second);
               });
}

absl::Status AdminServiceImpl::HandleUpdateCustomer(
    const Principal& /*caller*/, const pos::v1::UpdateCustomerRequest& req,
    pos::v1::CustomerProfile* resp) {
  auto org = setup_->GetOrg(req.org_id());
  if (!org.ok()) return org.status();
  return Reply(
      loyalty_->UpdateCustomer(req.org_id(), CustomerFields(req)),
      [&](const auto& updated) { *resp = ToProtoProfile(updated, org->currency, true); });
}

absl::Status AdminServiceImpl::HandleGetCustomer(const Principal& /*caller*/,
                                                 const pos::v1::GetCustomerRequest& req,
                                                 pos::v1::CustomerProfile* resp) {
  auto org = setup_->GetOrg(req.org_id());
  if (!org.ok()) return org.status();
  auto key = FromProtoLookup(req.by(), "by");
  if (!key.ok()) return key.status();
  return Reply(loyalty_->GetCustomer(req.org_id(), key->kind, key->value),
               [&](const auto& profile) {
                 *resp = ToProtoProfile(profile, org->currency, false);
               });
}

absl::Status AdminServiceImpl::HandleGetLoyaltyConfig(
    const Principal& /*caller*/, const pos::v1::GetLoyaltyConfigRequest& req,
    pos::v1::LoyaltyConfigVersion* resp) {
  return Reply(loyalty_->GetLoyaltyConfig(req.org_id()),
               [&](const auto& v) { *resp = ToProtoLoyaltyConfig(v); });
}

absl::Status AdminServiceImpl::HandleSetLoyaltyConfig(
    const Principal& /*caller*/, const pos::v1::SetLoyaltyConfigRequest& req,
    pos::v1::LoyaltyConfigVersion* resp) {
  auto config = FromProtoLoyaltyConfig(req.config());
  if (!config.ok()) return config.status();
  return Reply(loyalty_->SetLoyaltyConfig(req.org_id(), *config, req.expected_version(),
                                          req.changed_by(), req.reason()),
               [&](const auto& v) { *resp = ToProtoLoyaltyConfig(v); });
}

absl::Status AdminServiceImpl::HandleCheckPoints(const Principal& /*caller*/,
                                                 const pos::v1::CheckPointsRequest& req,
                                                 pos::v1::PointsCheckResult* resp) {
  auto org = setup_->GetOrg(req.org_id());
  if (!org.ok()) return org.status();
  return Reply(
      loyalty_->CheckPoints(req.org_id(), req.check().customer_id(),
                            req.check().points()),
      [&](const auto& check) { *resp = ToProtoPointsCheck(check, org->currency); });
}

absl::Status AdminServiceImpl::HandleAdjustPoints(const Principal& /*caller*/,
                                                  const pos::v1::AdjustPointsRequest& req,
                                                  pos::v1::LedgerEntry* resp) {
  return Reply(loyalty_->AdjustPoints(req.org_id(), req.customer_id(), req.points(),
                                      req.reason(), req.adjusted_by(), req.request_id()),
               [&](const auto& entry) { *resp = ToProtoLedgerEntry(entry); });
}

absl::Status AdminServiceImpl::HandleListPointsLedger(
    const Principal& /*caller*/, const pos::v1::ListPointsLedgerRequest& req,
    pos::v1::PointsLedger* resp) {
  return Reply(loyalty_->ListLedger(req.org_id(), req.customer_id(), req.limit()),
               [&](const auto& entries) {
                 for (const LedgerEntry& e : entries)
                   *resp->add_entries() = ToProtoLedgerEntry(e);
               });
}

absl::Status AdminServiceImpl::HandleExpirePoints(const Principal& /*caller*/,
                                                  const pos::v1::ExpirePointsRequest& req,
                                                  pos::v1::ExpirePointsResponse* resp) {
  const absl::Time as_of = req.has_as_of() ? FromTimestamp(req.as_of()) : absl::Now();
  return Reply(loyalty_->ExpirePoints(req.org_id(), as_of, req.expired_by()),
               [&](const auto& result) {
                 resp->set_customers(result.customers);
                 resp->set_points(result.points);
               });
}

absl::Status AdminServiceImpl::HandleCreateCouponSeries(
    const Principal& /*caller*/, const pos::v1::CreateCouponSeriesRequest& req,
    pos::v1::CouponSeries* resp) {
  auto org = setup_->GetOrg(req.org_id());
  if (!org.ok()) return org.status();
  const auto& in = req.series();
  CouponSeries s;
  s.series_id = in.series_id();
  s.name = in.name();
  auto value = AmountIn(in.value(), "series.value", org->currency);
  if (!value.ok()) return value.status();
  s.value_minor = *value;
  auto from = Day("series.valid_from", in.valid_from());
  if (!from.ok()) return from.status();
  auto until = Day("series.valid_until", in.valid_until());
  if (!until.ok()) return until.status();
  s.valid_from = *from;
  s.valid_until = *until;
  s.max_redemptions = in.max_redemptions();
  s.uses_per_code = in.uses_per_code() == 0 ? 1 : in.uses_per_code();
  return Reply(loyalty_->CreateCouponSeries(req.org_id(), s), [&](const auto& created) {
    resp->set_series_id(created.series_id);
    resp->set_name(created.name);
    *resp->mutable_value() = ToMoney(created.value_minor, org->currency);
    resp->set_valid_from(absl::FormatCivilTime(created.valid_from));
    resp->set_valid_until(absl::FormatCivilTime(created.valid_until));
    resp->set_max_redemptions(created.max_redemptions);
    resp->set_uses_per_code(created.uses_per_code);
    resp->set_redemptions(created.redemptions);
  });
}

absl::Status AdminServiceImpl::HandleIssueCoupon(const Principal& /*caller*/,
                                                 const pos::v1::IssueCouponRequest& req,
                                                 pos::v1::Coupon* resp) {
  auto org = setup_->GetOrg(req.org_id());
  if (!org.ok()) return org.status();
  return Reply(
      loyalty_->IssueCoupon(req.org_id(), req.series_id(), req.customer_id(), req.code()),
      [&](const auto& coupon) { *resp = ToProtoCoupon(coupon, org->currency); });
}

absl::Status AdminServiceImpl::HandleCheckCoupon(const Principal& /*caller*/,
                                                 const pos::v1::CheckCouponRequest& req,
                                                 pos::v1::CouponCheckResult* resp) {
  auto org = setup_->GetOrg(req.org_id());
  if (!org.ok()) return org.status();
  const auto& q = req.check();
  int64_t amount = 0;
  if (q.has_amount()) {
    auto a = AmountIn(q.amount(), "check.amount", org->currency);
    if (!a.ok()) return a.status();
    if (*a < 0) {
      return FieldError("check.amount.minor_units",
                        "must not be negative: it is what the coupon would pay");
    }
    amount = *a;
  }
  return Reply(
      loyalty_->CheckCoupon(req.org_id(), q.code(), q.customer_id(), amount),
      [&](const auto& check) { *resp = ToProtoCouponCheck(check, org->currency); });
}

absl::Status AdminServiceImpl::HandleReactivateCoupon(
    const Principal& /*caller*/, const pos::v1::ReactivateCouponRequest& req,
    pos::v1::Coupon* resp) {
  auto org = setup_->GetOrg(req.org_id());
  if (!org.ok()) return org.status();
  return Reply(loyalty_->ReactivateCoupon(req.org_id(), req.code(), req.bill_id(),
                                          req.reactivated_by(), req.reason()),
               [&](const auto& coupon) { *resp = ToProtoCoupon(coupon, org->currency); });
}

absl::Status AdminServiceImpl::HandleTagBill(const Principal& /*caller*/,
                                             const pos::v1::TagBillRequest& req,
                                             pos::v1::BillReceipt* resp) {
  return Reply(loyalty_->TagBill(req.org_id(), req.tag().bill_id(),
                                 req.tag().customer_id(), req.tagged_by()),
               [&](const auto& tagged) { *resp = ToProtoReceipt(tagged); });
}

}  // namespace tillstream
