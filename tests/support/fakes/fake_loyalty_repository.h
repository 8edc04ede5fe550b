// The loyalty rules, the points ledger and coupons in memory.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_LOYALTY_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_LOYALTY_REPOSITORY_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/loyalty/loyalty_repository.h"

namespace tillstream::testing {

// A ledger per customer; the bill fake books bills' effects through Book.
class FakeLoyaltyRepository : public LoyaltyRepository {
 public:
  void set_customers(CustomerRepository* customers) { customers_ = customers; }

  absl::StatusOr<LoyaltyConfigVersion> GetLoyaltyConfig(const std::string& org) override {
    auto it = loyalty_configs_.find(org);
    if (it == loyalty_configs_.end()) return LoyaltyConfigVersion{org, 0, {}, "", {}, ""};
    return it->second;
  }
  absl::StatusOr<LoyaltyConfigVersion> SaveLoyaltyConfig(
      const std::string& org, const LoyaltyConfig& config, int32_t expected,
      const std::string& by, const std::string& reason) override {
    if (GetLoyaltyConfig(org)->version != expected) return absl::AbortedError("stale");
    loyalty_configs_[org] =
        LoyaltyConfigVersion{org, expected + 1, config, by, {}, reason};
    return loyalty_configs_[org];
  }
  absl::StatusOr<PointsBalance> GetBalance(const std::string& org,
                                           const std::string& id) override {
    PointsBalance b;
    for (const LedgerEntry& e : ledger[{org, id}]) {
      b.available += e.points;
      if (e.kind == LedgerKind::kEarn || e.kind == LedgerKind::kEarnReversal)
        b.earned += e.points;
      if (e.kind == LedgerKind::kRedeem || e.kind == LedgerKind::kRedeemRefund)
        b.redeemed -= e.points;
      if (e.kind == LedgerKind::kExpiry) b.expired -= e.points;
      if (e.kind == LedgerKind::kAdjustment) b.adjusted += e.points;
    }
    return b;
  }
  absl::StatusOr<ValidationCode> IssueValidationCode(const std::string&,
                                                     const std::string& id,
                                                     const std::string& candidate,
                                                     absl::Time now,
                                                     absl::Duration validity) override {
    auto it = codes_.find(id);
    if (it != codes_.end() && it->second.expires_at > now) return it->second;
    return codes_[id] = ValidationCode{candidate, now + validity};
  }
  absl::StatusOr<LedgerEntry> AdjustPoints(const std::string& org, const std::string& id,
                                           int64_t points, const std::string& reason,
                                           const std::string& by,
                                           const std::string&) override {
    if (!customers_->FindById(org, id).ok()) return absl::NotFoundError("no customer");
    const int64_t balance = GetBalance(org, id)->available;
    if (balance + points < 0) return absl::FailedPreconditionError("below zero");
    return Book(org, id, LedgerKind::kAdjustment, points, "", reason, by);
  }
  absl::StatusOr<std::vector<LedgerEntry>> ListLedger(const std::string& org,
                                                      const std::string& id,
                                                      int) override {
    auto entries = ledger[{org, id}];
    return std::vector<LedgerEntry>(entries.rbegin(), entries.rend());
  }
  absl::StatusOr<ExpiryResult> ExpirePoints(const std::string&, absl::Time cutoff,
                                            const std::string&) override {
    last_expiry_cutoff = cutoff;
    return ExpiryResult{};
  }
  absl::StatusOr<CouponSeries> CreateCouponSeries(const std::string&,
                                                  const CouponSeries& series) override {
    series_[series.series_id] = series;
    return series;
  }
  absl::StatusOr<CouponState> IssueCoupon(const std::string&, const std::string& code,
                                          const std::string& series_id,
                                          const std::string& customer_id) override {
    auto it = series_.find(series_id);
    if (it == series_.end()) return absl::NotFoundError("no series");
    CouponState c;
    c.code = code;
    c.series_id = series_id;
    c.customer_id = customer_id;
    c.value_minor = it->second.value_minor;
    c.valid_from = it->second.valid_from;
    c.valid_until = it->second.valid_until;
    c.uses_per_code = it->second.uses_per_code;
    c.max_redemptions = it->second.max_redemptions;
    return coupons_[code] = c;
  }
  absl::StatusOr<CouponState> GetCoupon(const std::string&,
                                        const std::string& code) override {
    auto it = coupons_.find(code);
    if (it == coupons_.end()) return absl::NotFoundError("unknown coupon code " + code);
    return it->second;
  }
  absl::StatusOr<CouponState> ReactivateCoupon(const std::string&,
                                               const std::string& code,
                                               const std::string&, const std::string&,
                                               const std::string&) override {
    auto it = coupons_.find(code);
    if (it == coupons_.end()) return absl::NotFoundError("unknown coupon code " + code);
    if (it->second.uses == 0) return absl::FailedPreconditionError("not redeemed");
    --it->second.uses;
    return it->second;
  }

  // Appends an entry to the customer's ledger.
  LedgerEntry Book(const std::string& org, const std::string& customer, LedgerKind kind,
                   int64_t points, const std::string& bill_id, const std::string& reason,
                   const std::string& by) {
    auto& entries = ledger[{org, customer}];
    LedgerEntry e;
    e.entry_id = static_cast<int64_t>(entries.size()) + 1;
    e.customer_id = customer;
    e.kind = kind;
    e.points = points;
    e.balance_after = (entries.empty() ? 0 : entries.back().balance_after) + points;
    e.bill_id = bill_id;
    e.reason = reason;
    e.created_by = by;
    entries.push_back(e);
    return e;
  }

  std::map<std::pair<std::string, std::string>, std::vector<LedgerEntry>> ledger;
  absl::Time last_expiry_cutoff;

 private:
  CustomerRepository* customers_ = nullptr;
  std::map<std::string, LoyaltyConfigVersion> loyalty_configs_;
  std::map<std::string, ValidationCode> codes_;
  std::map<std::string, CouponSeries> series_;
  std::map<std::string, CouponState> coupons_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_LOYALTY_REPOSITORY_H_
