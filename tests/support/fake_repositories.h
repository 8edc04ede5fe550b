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
#include "server/domain/repositories.h"

namespace tillstream::testing {

class FakeRepositories : public OrgRepository,
                         public CatalogRepository,
                         public CustomerRepository,
                         public BillRepository,
                         public BillingConfigRepository {
 public:
  Repositories AsRepositories() { return {this, this, this, this, this}; }

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

  absl::StatusOr<Customer> CreateCustomer(const std::string& org,
                                          const Customer& c) override {
    customers_[{org, c.customer_id}] = c;
    return c;
  }
  absl::StatusOr<Customer> FindByMobile(const std::string& org,
                                        const std::string& m) override {
    for (const auto& [k, c] : customers_) {
      if (k.first == org && c.mobile == m) return c;
    }
    return absl::NotFoundError("no customer");
  }
  absl::StatusOr<Customer> FindByEmail(const std::string& org,
                                       const std::string& e) override {
    for (const auto& [k, c] : customers_) {
      if (k.first == org && c.email == e) return c;
    }
    return absl::NotFoundError("no customer");
  }
  absl::StatusOr<Customer> FindById(const std::string& org,
                                    const std::string& id) override {
    auto it = customers_.find({org, id});
    if (it == customers_.end()) return absl::NotFoundError("no customer");
    return it->second;
  }

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
  std::map<std::string, Org> orgs_;
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
