// Orgs, stores and tills in memory.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_ORG_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_ORG_REPOSITORY_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/org/org_repository.h"

namespace tillstream::testing {

class FakeOrgRepository : public OrgRepository {
 public:
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

  bool HasOrg(const std::string& org_id) const { return orgs_.count(org_id) > 0; }

 private:
  std::map<std::string, Org> orgs_;
  std::map<std::pair<std::string, std::string>, StoreInfo> stores_;
  std::map<std::tuple<std::string, std::string, std::string>, TillInfo> tills_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_ORG_REPOSITORY_H_
