// In-memory repositories for unit tests of the domain layer.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKE_REPOSITORIES_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKE_REPOSITORIES_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/catalog/catalog_repository.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/invoicing/invoice_repository.h"
#include "server/domain/loyalty/loyalty_repository.h"
#include "server/domain/org/org_repository.h"
#include "server/domain/purchases/purchase_repository.h"
#include "server/domain/reports/report_repository.h"
#include "server/domain/sales/bill_repository.h"
#include "server/domain/sales/billing_config_repository.h"
#include "server/usecases/repositories.h"

namespace tillstream::testing {

class FakeRepositories : public OrgRepository,
                         public CatalogRepository,
                         public CustomerRepository,
                         public BillRepository,
                         public BillingConfigRepository,
                         public LoyaltyRepository,
                         public ReportRepository {
 public:
  Repositories AsRepositories() { return {this, this, this, this, this, this, this}; }

  absl::StatusOr<BillingConfigVersion> GetBillingConfig(const std::string& org) override {
    auto it = configs_.find(org);
    if (it == configs_.end() || it->second.empty()) {
      BillingConfigVersion v;
      v.org_id = org;
      return v;
    }
    return it->second.back();
  }
  absl::StatusOr<BillingConfigVersion> SaveBillingConfig(
      const std::string& org, const BillingConfig& config, int32_t expected,
      const std::string& by, const std::string& reason) override {
    auto& versions = configs_[org];
    if (static_cast<int32_t>(versions.size()) != expected) {
      return absl::AbortedError("changed meanwhile");
    }
    versions.push_back(BillingConfigVersion{org, expected + 1, config, by,
                                            absl::FromUnixSeconds(1700000000), reason});
    return versions.back();
  }
  absl::StatusOr<std::vector<BillingConfigVersion>> BillingConfigHistory(
      const std::string& org) override {
    auto versions = configs_[org];
    return std::vector<BillingConfigVersion>(versions.rbegin(), versions.rend());
  }
  // Unique numbers as the database enforces them: same scope key and number,
  // billing times less than a window apart.
  std::vector<Bill> claimed;

  absl::StatusOr<Org> CreateOrg(const Org& org) override {
    auto [it, inserted] = orgs_.emplace(org.org_id, org);
    if (!inserted && it->second.name != org.name) {
      return absl::AlreadyExistsError("org exists");
    }
    return it->second;
  }
  absl::StatusOr<StoreInfo> CreateStore(const StoreInfo& s) override {
    if (!orgs_.count(s.org_id)) return absl::NotFoundError("org not found");
    stores_[{s.org_id, s.store_id}] = s;
    return s;
  }
  absl::StatusOr<TillInfo> CreateTill(const TillInfo& t) override {
    if (!stores_.count({t.org_id, t.store_id}))
      return absl::NotFoundError("store not found");
    tills_[{t.org_id, t.store_id, t.till_id}] = t;
    return t;
  }
  absl::StatusOr<Org> GetOrg(const std::string& org_id) override {
    auto it = orgs_.find(org_id);
    if (it == orgs_.end())
      return absl::NotFoundError(absl::StrCat("org '", org_id, "' not found"));
    return it->second;
  }
  absl::StatusOr<TillContext> FindTill(const std::string& org, const std::string& store,
                                       const std::string& till) override {
    if (!tills_.count({org, store, till}))
      return absl::NotFoundError("till not registered");
    return TillContext{orgs_[org], stores_[{org, store}], till};
  }

  absl::StatusOr<CatalogItem> FindByBarcode(const std::string& org,
                                            const std::string& barcode) override {
    for (const auto& [key, item] : items_) {
      if (key.first != org) continue;
      for (const auto& b : item.barcodes) {
        if (b == barcode) return item;
      }
    }
    return absl::NotFoundError(
        absl::StrCat("barcode '", barcode, "' is not in the catalog"));
  }
  absl::StatusOr<std::vector<CatalogItem>> FindBySkus(
      const std::string& org, const std::vector<std::string>& skus) override {
    std::vector<CatalogItem> out;
    for (const auto& sku : skus) {
      auto it = items_.find({org, sku});
      if (it != items_.end()) out.push_back(it->second);
    }
    return out;
  }
  absl::StatusOr<UpsertCounts> UpsertItems(
      const std::string& org, const std::vector<CatalogItem>& items) override {
    UpsertCounts c;
    for (const auto& item : items) {
      auto it = items_.find({org, item.sku});
      if (it == items_.end()) {
        ++c.inserted;
      } else if (it->second.unit_price_minor != item.unit_price_minor ||
                 it->second.name != item.name) {
        ++c.updated;
      } else {
        ++c.unchanged;
      }
      items_[{org, item.sku}] = item;
    }
    return c;
  }

  // Customers: identifiers unique per the org's loyalty config.
  absl::StatusOr<EnrolResult> EnrolCustomer(const std::string& org,
                                            const Customer& c) override {
    if (!orgs_.count(org)) return absl::NotFoundError("org not found");
    const LoyaltyConfig config = GetLoyaltyConfig(org)->config;
    std::string match = customers_.count({org, c.customer_id}) ? c.customer_id : "";
    for (IdentifierKind k : kAllIdentifierKinds) {
      if (c.identifier(k).empty() || !config.IsUnique(k)) continue;
      for (const auto& [key, other] : customers_) {
        if (key.first != org || other.identifier(k) != c.identifier(k)) continue;
        if (!match.empty() && match != other.customer_id) {
          return absl::AlreadyExistsError(absl::StrCat(IdentifierKindName(k), " ",
                                                       c.identifier(k), " belongs to ",
                                                       other.customer_id));
        }
        match = other.customer_id;
      }
    }
    if (match.empty()) {
      customers_[{org, c.customer_id}] = c;
      return EnrolResult{c, false};
    }
    Customer& stored = customers_[{org, match}];
    Merge(c, &stored);
    return EnrolResult{stored, true};
  }
  absl::StatusOr<Customer> UpdateCustomer(const std::string& org,
                                          const Customer& c) override {
    auto it = customers_.find({org, c.customer_id});
    if (it == customers_.end()) return absl::NotFoundError("no customer");
    const LoyaltyConfig config = GetLoyaltyConfig(org)->config;
    for (IdentifierKind k : kAllIdentifierKinds) {
      if (c.identifier(k).empty() || !config.IsUnique(k)) continue;
      for (const auto& [key, other] : customers_) {
        if (key.first == org && other.customer_id != c.customer_id &&
            other.identifier(k) == c.identifier(k)) {
          return absl::AlreadyExistsError(absl::StrCat("another customer already has ",
                                                       IdentifierKindName(k), " ",
                                                       c.identifier(k)));
        }
      }
    }
    Merge(c, &it->second);
    return it->second;
  }
  absl::StatusOr<Customer> FindCustomer(const std::string& org, IdentifierKind kind,
                                        const std::string& value) override {
    std::vector<Customer> found;
    for (const auto& [k, c] : customers_) {
      if (k.first == org && c.identifier(kind) == value) found.push_back(c);
    }
    if (found.empty()) return absl::NotFoundError("no customer");
    if (found.size() > 1) return absl::FailedPreconditionError("several customers");
    return found[0];
  }
  absl::StatusOr<Customer> FindById(const std::string& org,
                                    const std::string& id) override {
    auto it = customers_.find({org, id});
    if (it == customers_.end()) return absl::NotFoundError("no customer");
    return it->second;
  }
  absl::StatusOr<CustomerProfile> GetProfile(const std::string& org,
                                             const std::string& id, int,
                                             absl::CivilDay) override {
    auto c = FindById(org, id);
    if (!c.ok()) return c.status();
    CustomerProfile p;
    p.customer = *c;
    p.points = *GetBalance(org, id);
    return p;
  }

  // Loyalty: a ledger per customer; bills book their effects in SaveBill.
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
    if (!customers_.count({org, id})) return absl::NotFoundError("no customer");
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
  absl::StatusOr<StoredBill> TagBill(const std::string& org, const std::string& bill_id,
                                     const std::string& customer_id,
                                     const std::string& by, const TagCheck& check,
                                     const TagEarn& earn) override {
    auto it = bills_.find({org, bill_id});
    if (it == bills_.end()) return absl::NotFoundError("no bill");
    bool has_returns = false;
    for (const auto& [k, e] : bills_)
      has_returns |= e.first.bill.original_bill_id == bill_id;
    if (auto s = check(it->second.first, has_returns); !s.ok()) return s;
    Bill& b = it->second.first.bill;
    b.customer_id = customer_id;
    b.status = BillStatus::kRegular;
    b.tagged_by = by;
    auto points = earn(b);
    if (!points.ok()) return points.status();
    b.loyalty.earn_points = *points;
    if (*points > 0)
      Book(org, customer_id, LedgerKind::kEarn, *points, bill_id, "tag", by);
    return it->second.first;
  }

  std::map<std::pair<std::string, std::string>, std::vector<LedgerEntry>> ledger;
  absl::Time last_expiry_cutoff;

  absl::StatusOr<StoredBill> SaveBill(const Bill& bill, const std::string& fp) override {
    auto it = bills_.find({bill.org_id, bill.bill_id});
    if (it != bills_.end()) {
      if (it->second.second != fp) return absl::AlreadyExistsError("bill_id reused");
      StoredBill replay = it->second.first;
      replay.replayed = true;
      return replay;
    }
    if (bill.claim) {
      for (const Bill& other : claimed) {
        if (other.claim->scope_key == bill.claim->scope_key &&
            other.bill_number == bill.bill_number &&
            absl::AbsDuration(other.billing_time - bill.billing_time) <
                absl::Hours(12) * (other.claim->window_days + bill.claim->window_days)) {
          return absl::AlreadyExistsError("bill number " + bill.bill_number +
                                          " is already used");
        }
      }
      claimed.push_back(bill);
    }
    StoredBill stored{bill, absl::FromUnixSeconds(1700000000), false};
    const LoyaltyEffects& fx = bill.loyalty;
    if (!bill.customer_id.empty() && !fx.empty()) {
      const std::string& org = bill.org_id;
      const int64_t balance = GetBalance(org, bill.customer_id)->available;
      if (auto s = CheckBalanceCovers(balance, fx.redeem_points); !s.ok()) return s;
      if (fx.redeem_points > 0)
        Book(org, bill.customer_id, LedgerKind::kRedeem, -fx.redeem_points, bill.bill_id,
             "", "");
      if (fx.earn_points > 0)
        Book(org, bill.customer_id, LedgerKind::kEarn, fx.earn_points, bill.bill_id, "",
             "");
      if (fx.redeem_refund > 0)
        Book(org, bill.customer_id, LedgerKind::kRedeemRefund, fx.redeem_refund,
             bill.bill_id, "", "");
      if (fx.earn_reversal > 0)
        Book(org, bill.customer_id, LedgerKind::kEarnReversal, -fx.earn_reversal,
             bill.bill_id, "", "");
      stored.bill.loyalty.balance_after = GetBalance(org, bill.customer_id)->available;
    }
    bills_[{bill.org_id, bill.bill_id}] = {stored, fp};
    return stored;
  }
  absl::StatusOr<StoredBill> GetBill(const std::string& org,
                                     const std::string& id) override {
    auto it = bills_.find({org, id});
    if (it == bills_.end()) return absl::NotFoundError("no bill");
    return it->second.first;
  }
  absl::StatusOr<std::vector<BillSummary>> ListBills(
      const std::string&, const std::string&, const std::string&, int limit,
      const std::optional<BillCursor>&) override {
    last_list_limit = limit;
    return list_result;
  }
  absl::StatusOr<StoredBill> DeleteBill(const std::string& org, const std::string& id,
                                        const std::string&, const std::string&) override {
    auto it = bills_.find({org, id});
    if (it == bills_.end()) return absl::NotFoundError("no bill");
    it->second.first.bill.status = BillStatus::kDeleted;
    claimed.erase(std::remove_if(claimed.begin(), claimed.end(),
                                 [&](const Bill& b) { return b.bill_id == id; }),
                  claimed.end());
    return it->second.first;
  }
  absl::StatusOr<DaySummary> GetDaySummary(const std::string& org,
                                           const std::string& date) override {
    DaySummary s;
    s.org_id = org;
    s.business_date = date;
    return s;
  }

  absl::StatusOr<std::pair<StoredBill, ReturnHistory>> LoadReturnBasis(
      const std::string& org, const OriginalRef& ref) override {
    for (const auto& [key, entry] : bills_) {
      const Bill& b = entry.first.bill;
      const bool match = ref.bill_id.empty() ? (b.store_id == ref.store_id &&
                                                b.bill_number == ref.bill_number &&
                                                b.business_date == ref.business_date)
                                             : b.bill_id == ref.bill_id;
      if (key.first != org || !match || b.type != BillType::kSale) continue;
      ReturnHistory history;
      for (const auto& [k2, e2] : bills_) {
        const Bill& r = e2.first.bill;
        if (r.original_bill_id != b.bill_id) continue;
        history.any_full |= r.return_type == ReturnType::kFull;
        history.any_line_item |= r.return_type == ReturnType::kLineItem;
        history.any_amount |= r.return_type == ReturnType::kAmount;
        for (const PricedLine& l : r.lines) {
          LineReturned& sum = history.by_line[l.original_line_no];
          sum.quantity_milli -= l.quantity_milli;
          sum.amount_minor -= l.amount_minor;
          sum.tax_minor -= l.tax_minor;
        }
      }
      return std::make_pair(entry.first, history);
    }
    return absl::NotFoundError("original not found");
  }
  absl::StatusOr<StoredBill> SaveReturn(const std::string& org,
                                        const std::string& bill_id,
                                        const OriginalRef& ref, const std::string& fp,
                                        const ReturnComputer& compute) override {
    if (auto it = bills_.find({org, bill_id}); it != bills_.end()) {
      if (it->second.second != fp) return absl::AlreadyExistsError("bill_id reused");
      StoredBill replay = it->second.first;
      replay.replayed = true;
      return replay;
    }
    auto basis = LoadReturnBasis(org, ref);
    if (!basis.ok()) return basis.status();
    auto bill = compute(basis->first, basis->second);
    if (!bill.ok()) return bill.status();
    return SaveBill(*bill, fp);
  }

  size_t bill_count() const { return bills_.size(); }

  std::vector<BillSummary> list_result;
  int last_list_limit = 0;

 private:
  static void Merge(const Customer& from, Customer* to) {
    if (!from.name.empty()) to->name = from.name;
    for (IdentifierKind k : kAllIdentifierKinds) {
      if (!from.identifier(k).empty()) to->identifier(k) = from.identifier(k);
    }
  }
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

  std::map<std::string, Org> orgs_;
  std::map<std::string, LoyaltyConfigVersion> loyalty_configs_;
  std::map<std::string, ValidationCode> codes_;
  std::map<std::string, CouponSeries> series_;
  std::map<std::string, CouponState> coupons_;
  std::map<std::pair<std::string, std::string>, StoreInfo> stores_;
  std::map<std::tuple<std::string, std::string, std::string>, TillInfo> tills_;
  std::map<std::pair<std::string, std::string>, CatalogItem> items_;
  std::map<std::pair<std::string, std::string>, Customer> customers_;
  std::map<std::pair<std::string, std::string>, std::pair<StoredBill, std::string>>
      bills_;
  std::map<std::string, std::vector<BillingConfigVersion>> configs_;
};

// The org most unit tests use: acme (EUR, Berlin), store s1, till t1, and
// milk A1 (barcode 4001, 1.19, 7%) and loose apples A2 (4002, 2.99/kg, 7%).
inline void SeedAcme(FakeRepositories& repos) {
  ASSERT_TRUE(repos.CreateOrg({"acme", "Acme", "EUR", "Europe/Berlin", ""}).ok());
  ASSERT_TRUE(repos.CreateStore({"acme", "s1", "Main"}).ok());
  ASSERT_TRUE(repos.CreateTill({"acme", "s1", "t1"}).ok());
  ASSERT_TRUE(
      repos
          .UpsertItems("acme", {{"A1", "Milk", 119, 700, Uom::kEach, {"4001"}},
                                {"A2", "Apples", 299, 700, Uom::kKilogram, {"4002"}}})
          .ok());
}

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKE_REPOSITORIES_H_
