// Bills in memory.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_BILL_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_BILL_REPOSITORY_H_

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/loyalty/points.h"
#include "server/domain/sales/bill_repository.h"
#include "tests/support/fakes/fake_loyalty_repository.h"

namespace tillstream::testing {

// Bills in memory, with number claims as the database enforces them (same
// scope key and number, billing times less than a window apart) and their
// loyalty booked on the loyalty fake.
class FakeBillRepository : public BillRepository {
 public:
  void set_loyalty(FakeLoyaltyRepository* loyalty) { loyalty_ = loyalty; }

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
      const int64_t balance = loyalty_->GetBalance(org, bill.customer_id)->available;
      if (auto s = CheckBalanceCovers(balance, fx.redeem_points); !s.ok()) return s;
      if (fx.redeem_points > 0)
        loyalty_->Book(org, bill.customer_id, LedgerKind::kRedeem, -fx.redeem_points,
                       bill.bill_id, "", "");
      if (fx.earn_points > 0)
        loyalty_->Book(org, bill.customer_id, LedgerKind::kEarn, fx.earn_points,
                       bill.bill_id, "", "");
      if (fx.redeem_refund > 0)
        loyalty_->Book(org, bill.customer_id, LedgerKind::kRedeemRefund, fx.redeem_refund,
                       bill.bill_id, "", "");
      if (fx.earn_reversal > 0)
        loyalty_->Book(org, bill.customer_id, LedgerKind::kEarnReversal,
                       -fx.earn_reversal, bill.bill_id, "", "");
      stored.bill.loyalty.balance_after =
          loyalty_->GetBalance(org, bill.customer_id)->available;
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
      loyalty_->Book(org, customer_id, LedgerKind::kEarn, *points, bill_id, "tag", by);
    return it->second.first;
  }

  size_t bill_count() const { return bills_.size(); }

  std::vector<Bill> claimed;
  std::vector<BillSummary> list_result;
  int last_list_limit = 0;

 private:
  FakeLoyaltyRepository* loyalty_ = nullptr;
  std::map<std::pair<std::string, std::string>, std::pair<StoredBill, std::string>>
      bills_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_BILL_REPOSITORY_H_
