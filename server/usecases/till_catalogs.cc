#include "server/usecases/till_catalogs.h"

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/domain/catalog/catalog_repository.h"
#include "server/domain/org/org_repository.h"
#include "server/domain/sales/billing_config_repository.h"

namespace tillstream {
namespace {

constexpr size_t kMaxSkuLength = 64;

absl::Status NothingToFetch(const StoreState& state) {
  const StoreInfo& s = state.store;
  if (s.catalog_id.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("store ", s.store_id, " has no catalog assigned: nothing to fetch"));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "catalog ", s.catalog_id, " has no published version yet: nothing to fetch"));
}

}  // namespace

absl::StatusOr<CatalogOffer> TillCatalogs::Offer(const TillContext& till) {
  auto state = repos_.orgs->GetStore(till.org.org_id, till.store.store_id);
  if (!state.ok()) return state.status();
  return CatalogOffer{state->store.catalog_id, state->facts.catalog_version};
}

absl::StatusOr<CatalogPage> TillCatalogs::Fetch(const TillContext& till,
                                                const FetchRequest& request) {
  if (!request.catalog_id.empty()) {
    if (auto s = CheckCode("fetch_catalog.catalog_id", request.catalog_id); !s.ok()) {
      return s;
    }
  }
  if (request.have_version < 0 || request.to_version < 0) {
    return FieldError("fetch_catalog.have_version", "versions are never negative");
  }
  if (request.after_sku.size() > kMaxSkuLength) {
    return FieldError("fetch_catalog.after_sku",
                      absl::StrCat("is longer than ", kMaxSkuLength, " characters"));
  }
  auto state = repos_.orgs->GetStore(till.org.org_id, till.store.store_id);
  if (!state.ok()) return state.status();
  const int current = state->facts.catalog_version;
  if (state->store.catalog_id.empty() || current == 0) return NothingToFetch(*state);
  if (request.to_version > current) {
    return FieldError(
        "fetch_catalog.to_version",
        absl::StrCat("catalog ", state->store.catalog_id, " has no version ",
                     request.to_version, " yet (its current one is ", current, ")"));
  }
  const int to = request.to_version == 0 ? current : request.to_version;
  // A copy of another catalog, or one the server never published, is
  // replaced by a snapshot.
  const bool delta = request.catalog_id == state->store.catalog_id &&
                     request.have_version > 0 && request.have_version <= to;
  auto read = repos_.catalog->ReadDelta(till.org.org_id, state->store.catalog_id,
                                        delta ? request.have_version : 0, to,
                                        request.after_sku, kMaxDeltaPage);
  if (!read.ok()) return read.status();
  return Page(till.org.org_id, *std::move(read));
}

absl::Status TillCatalogs::Held(const TillContext& till, const std::string& catalog_id,
                                int version) {
  if (auto s = CheckCode("catalog_held.catalog_id", catalog_id); !s.ok()) return s;
  auto state = repos_.orgs->GetStore(till.org.org_id, till.store.store_id);
  if (!state.ok()) return state.status();
  if (catalog_id != state->store.catalog_id) {
    return absl::FailedPreconditionError(
        absl::StrCat("store ", till.store.store_id, " sells from catalog '",
                     state->store.catalog_id, "', not '", catalog_id, "': fetch it"));
  }
  if (version < 1 || version > state->facts.catalog_version) {
    return FieldError(
        "catalog_held.version",
        absl::StrCat("catalog ", catalog_id, " has no version ", version,
                     " (its current one is ", state->facts.catalog_version, ")"));
  }
  return repos_.orgs->RecordHeldCatalog(till.org.org_id, till.store.store_id,
                                        till.till_id, catalog_id, version);
}

absl::StatusOr<CatalogPage> TillCatalogs::Announcement(const std::string& org_id,
                                                       const std::string& catalog_id,
                                                       int version) {
  auto read = repos_.catalog->ReadDelta(org_id, catalog_id, version - 1, version, "",
                                        kMaxPushedChanges);
  if (!read.ok()) return read.status();
  if (read->more) {
    read->items.clear();
    read->removed.clear();
    read->last_sku.clear();
  }
  return Page(org_id, *std::move(read));
}

absl::StatusOr<CatalogPage> TillCatalogs::Page(const std::string& org_id,
                                               CatalogDelta delta) {
  auto org = repos_.orgs->GetOrg(org_id);
  if (!org.ok()) return org.status();
  auto rules = repos_.billing->GetBillingConfig(org_id);
  if (!rules.ok()) return rules.status();
  return CatalogPage{std::move(delta), TaxPolicyOf(rules->config), org->currency};
}

}  // namespace tillstream
