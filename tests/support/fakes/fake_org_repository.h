// Orgs, stores and tills in memory.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_ORG_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_ORG_REPOSITORY_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/org/org_repository.h"
#include "tests/support/fakes/fake_catalog_repository.h"

namespace tillstream::testing {

class FakeOrgRepository : public OrgRepository {
 public:
  // Where the assigned catalog's version is read; none: every catalog has
  // version 1.
  void set_catalogs(FakeCatalogRepository* catalogs) { catalogs_ = catalogs; }

  absl::StatusOr<Org> CreateOrg(const Org& org) override {
    auto [it, inserted] = orgs_.emplace(org.org_id, org);
    if (!inserted && it->second.name != org.name) {
      return absl::AlreadyExistsError("org exists");
    }
    // Like PostgreSQL's, a new org starts with its empty main catalog.
    if (inserted && catalogs_ != nullptr) {
      auto main = catalogs_->CreateCatalog(
          {org.org_id, kMainCatalogId, "Main price list", 0, ""});
      if (!main.ok()) return main.status();
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
  absl::StatusOr<std::vector<Org>> ListOrgs() override {
    std::vector<Org> out;
    for (const auto& [id, org] : orgs_) out.push_back(org);
    return out;
  }
  absl::StatusOr<StoreState> GetStore(const std::string& org,
                                      const std::string& store) override {
    auto it = stores_.find({org, store});
    if (it == stores_.end()) return absl::NotFoundError("store not found");
    return StateOf(it->second);
  }
  absl::StatusOr<std::vector<StoreState>> ListStores(const std::string& org) override {
    std::vector<StoreState> out;
    for (const auto& [key, s] : stores_) {
      if (key.first == org) out.push_back(StateOf(s));
    }
    return out;
  }
  absl::StatusOr<StoreState> UpdateStore(const StoreUpdate& u) override {
    auto it = stores_.find({u.org_id, u.store_id});
    if (it == stores_.end()) return absl::NotFoundError("store not found");
    if (auto s = CheckWritable(it->second); !s.ok()) return s;
    StoreInfo& s = it->second;
    if (u.name) s.name = *u.name;
    if (u.catalog_id) s.catalog_id = *u.catalog_id;
    if (u.enabled) s.enabled = *u.enabled;
    if (u.archive) s.archived = true;
    return StateOf(s);
  }

  absl::Status RecordHeldCatalog(const std::string& org, const std::string& store,
                                 const std::string& till, const std::string& catalog,
                                 int version) override {
    if (!tills_.count({org, store, till}))
      return absl::NotFoundError("till not registered");
    held_[{org, store, till}] = {catalog, version};
    return absl::OkStatus();
  }

  bool HasOrg(const std::string& org_id) const { return orgs_.count(org_id) > 0; }

 private:
  StoreState StateOf(const StoreInfo& s) const {
    StoreState state{s, {}};
    for (const auto& [key, t] : tills_) {
      if (std::get<0>(key) == s.org_id && std::get<1>(key) == s.store_id)
        ++state.facts.tills;
    }
    state.facts.catalog_version =
        catalogs_ == nullptr ? 1 : catalogs_->VersionOf(s.org_id, s.catalog_id);
    for (const auto& [key, held] : held_) {
      if (std::get<0>(key) != s.org_id || std::get<1>(key) != s.store_id ||
          held.first != s.catalog_id) {
        continue;
      }
      ++state.facts.tills_holding;
      if (held.second == state.facts.catalog_version) ++state.facts.tills_current;
    }
    return state;
  }

  FakeCatalogRepository* catalogs_ = nullptr;
  std::map<std::string, Org> orgs_;
  std::map<std::pair<std::string, std::string>, StoreInfo> stores_;
  std::map<std::tuple<std::string, std::string, std::string>, TillInfo> tills_;
  std::map<std::tuple<std::string, std::string, std::string>, std::pair<std::string, int>>
      held_;  // catalog and version each till holds
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_ORG_REPOSITORY_H_
