// Cashiers, their sessions and approvals in memory.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_CASHIER_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_CASHIER_REPOSITORY_H_

#include <map>
#include <string>
#include <vector>

#include "server/domain/staff/cashier_repository.h"

namespace tillstream::testing {

class FakeCashierRepository : public CashierRepository {
 public:
  absl::StatusOr<Cashier> SetCashier(const StoredCashier& c,
                                     const std::string&) override {
    StoredCashier& s = cashiers[c.cashier.cashier_id];
    s = c;
    s.cashier.failed_pins = 0;
    s.cashier.locked_until.reset();
    return s.cashier;
  }
  absl::StatusOr<StoredCashier> FindCashier(const std::string&,
                                            const std::string& id) override {
    auto it = cashiers.find(id);
    if (it == cashiers.end()) return absl::NotFoundError("no cashier " + id);
    return it->second;
  }
  absl::StatusOr<std::vector<Cashier>> ListCashiers(const std::string&) override {
    std::vector<Cashier> out;
    for (const auto& [id, s] : cashiers) out.push_back(s.cashier);
    return out;
  }
  absl::StatusOr<Cashier> RecordWrongPin(const std::string&, const std::string& id,
                                         const PinPolicy& policy,
                                         absl::Time now) override {
    Cashier& c = cashiers.at(id).cashier;
    if (++c.failed_pins >= policy.max_failures) c.locked_until = now + policy.lock;
    return c;
  }
  absl::Status RecordRightPin(const std::string&, const std::string& id) override {
    Cashier& c = cashiers.at(id).cashier;
    c.failed_pins = 0;
    c.locked_until.reset();
    return absl::OkStatus();
  }
  absl::StatusOr<Cashier> Unlock(const std::string& org, const std::string& id) override {
    if (auto s = RecordRightPin(org, id); !s.ok()) return s;
    return cashiers.at(id).cashier;
  }
  absl::StatusOr<CashierSession> StartSession(const CashierSession& s) override {
    return sessions[s.session_id] = s;
  }
  absl::Status EndSession(const std::string& id, absl::Time at) override {
    auto it = sessions.find(id);
    if (it == sessions.end()) return absl::NotFoundError("no session");
    if (!it->second.ended_at) it->second.ended_at = at;
    return absl::OkStatus();
  }
  absl::StatusOr<CashierSession> FindSession(const std::string& id) override {
    auto it = sessions.find(id);
    if (it == sessions.end()) return absl::NotFoundError("no session");
    return it->second;
  }
  absl::StatusOr<SupervisorApproval> RecordApproval(
      const SupervisorApproval& a) override {
    return approvals[a.approval_id] = a;
  }
  absl::StatusOr<SupervisorApproval> FindApproval(const std::string& id) override {
    auto it = approvals.find(id);
    if (it == approvals.end()) return absl::NotFoundError("no approval");
    return it->second;
  }

  std::map<std::string, StoredCashier> cashiers;
  std::map<std::string, CashierSession> sessions;
  std::map<std::string, SupervisorApproval> approvals;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_CASHIER_REPOSITORY_H_
