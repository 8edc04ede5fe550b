// Customers in memory.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_CUSTOMER_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_CUSTOMER_REPOSITORY_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/customers/customer_repository.h"
#include "server/domain/loyalty/loyalty_repository.h"
#include "tests/support/fakes/fake_org_repository.h"

namespace tillstream::testing {

// Customers with identifiers unique as the org's loyalty rules say.
class FakeCustomerRepository : public CustomerRepository {
 public:
  void set_orgs(const FakeOrgRepository* orgs) { orgs_ = orgs; }
  void set_loyalty(LoyaltyRepository* loyalty) { loyalty_ = loyalty; }

  absl::StatusOr<EnrolResult> EnrolCustomer(const std::string& org,
                                            const Customer& c) override {
    if (!orgs_->HasOrg(org)) return absl::NotFoundError("org not found");
    const LoyaltyConfig config = loyalty_->GetLoyaltyConfig(org)->config;
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
    const LoyaltyConfig config = loyalty_->GetLoyaltyConfig(org)->config;
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

 private:
  static void Merge(const Customer& from, Customer* to) {
    if (!from.name.empty()) to->name = from.name;
    for (IdentifierKind k : kAllIdentifierKinds) {
      if (!from.identifier(k).empty()) to->identifier(k) = from.identifier(k);
    }
  }

  const FakeOrgRepository* orgs_ = nullptr;
  LoyaltyRepository* loyalty_ = nullptr;
  std::map<std::pair<std::string, std::string>, Customer> customers_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_CUSTOMER_REPOSITORY_H_
