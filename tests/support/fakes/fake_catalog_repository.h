// Catalogs in memory: the current version of each, with a version number
// that grows with every upsert that changes something (no history).
#ifndef TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_CATALOG_REPOSITORY_H_
#define TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_CATALOG_REPOSITORY_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/domain/catalog/catalog_repository.h"

namespace tillstream::testing {

class FakeCatalogRepository : public CatalogRepository {
 public:
  absl::StatusOr<Catalog> CreateCatalog(const Catalog& catalog) override {
    auto [it, inserted] =
        catalogs_.emplace(Key(catalog.org_id, catalog.catalog_id), catalog);
    if (!inserted && it->second.name != catalog.name) {
      return absl::AlreadyExistsError("catalog exists");
    }
    return it->second;
  }
  absl::StatusOr<std::vector<Catalog>> ListCatalogs(const std::string& org) override {
    std::vector<Catalog> out;
    for (const auto& [key, c] : catalogs_) {
      if (key.first == org) out.push_back(c);
    }
    return out;
  }
  absl::StatusOr<PricedItems> FindByBarcode(const std::string& org,
                                            const std::string& catalog,
                                            const std::string& barcode) override {
    auto found = Priced(org, catalog);
    if (!found.ok()) return found;
    for (const auto& [key, item] : items_) {
      if (std::get<0>(key) != org || std::get<1>(key) != catalog) continue;
      for (const auto& b : item.barcodes) {
        if (b == barcode) {
          found->items.push_back(item);
          return found;
        }
      }
    }
    return absl::NotFoundError(
        absl::StrCat("barcode '", barcode, "' is not in the catalog"));
  }
  absl::StatusOr<PricedItems> FindBySkus(const std::string& org,
                                         const std::string& catalog,
                                         const std::vector<std::string>& skus) override {
    auto found = Priced(org, catalog);
    if (!found.ok()) return found;
    for (const auto& sku : skus) {
      auto it = items_.find({org, catalog, sku});
      if (it != items_.end()) found->items.push_back(it->second);
    }
    return found;
  }
  // Without history, only the current version can be read.
  absl::StatusOr<PricedItems> FindBySkusAt(const std::string& org,
                                           const std::string& catalog,
                                           const std::vector<std::string>& skus,
                                           int version) override {
    auto found = FindBySkus(org, catalog, skus);
    if (found.ok() && found->version != version) {
      return absl::NotFoundError("this fake keeps only the current version");
    }
    return found;
  }
  absl::StatusOr<CatalogDelta> ReadDelta(const std::string& org,
                                         const std::string& catalog, int from, int to,
                                         const std::string& after, int limit) override {
    auto found = Priced(org, catalog);
    if (!found.ok()) return found.status();
    if (from != 0 || (to != 0 && to != found->version)) {
      return absl::UnimplementedError(
          "this fake answers snapshots of the current version");
    }
    CatalogDelta d;
    d.catalog_id = catalog;
    d.to_version = found->version;
    for (const auto& [key, item] : items_) {
      if (std::get<0>(key) != org || std::get<1>(key) != catalog || item.sku <= after) {
        continue;
      }
      if (static_cast<int>(d.items.size()) == limit) {
        d.more = true;
        break;
      }
      d.items.push_back(item);
      d.last_sku = item.sku;
    }
    return d;
  }
  absl::StatusOr<std::vector<VersionPublished>> ListVersions(
      const std::string& org, const std::string& catalog) override {
    auto found = Priced(org, catalog);
    if (!found.ok()) return found.status();
    if (found->version == 0) return std::vector<VersionPublished>{};
    return std::vector<VersionPublished>{{found->version, absl::UnixEpoch()}};
  }
  absl::StatusOr<UpsertCounts> UpsertItems(
      const std::string& org, const std::string& catalog,
      const std::vector<CatalogItem>& items) override {
    auto c_it = catalogs_.find(Key(org, catalog));
    if (c_it == catalogs_.end()) return absl::NotFoundError("catalog not found");
    UpsertCounts c;
    for (const auto& item : items) {
      auto it = items_.find({org, catalog, item.sku});
      if (it == items_.end()) {
        ++c.inserted;
      } else if (it->second.unit_price_minor != item.unit_price_minor ||
                 it->second.name != item.name) {
        ++c.updated;
      } else {
        ++c.unchanged;
      }
      items_[{org, catalog, item.sku}] = item;
    }
    if (c.inserted + c.updated > 0) ++c_it->second.current_version;
    c.version = c_it->second.current_version;
    return c;
  }

  // The catalog's current version; 0 for none or an unknown catalog.
  int VersionOf(const std::string& org, const std::string& catalog) const {
    auto it = catalogs_.find(Key(org, catalog));
    return it == catalogs_.end() ? 0 : it->second.current_version;
  }

 private:
  static std::pair<std::string, std::string> Key(const std::string& org,
                                                 const std::string& catalog) {
    return {org, catalog};
  }
  absl::StatusOr<PricedItems> Priced(const std::string& org, const std::string& catalog) {
    auto it = catalogs_.find(Key(org, catalog));
    if (it == catalogs_.end()) return absl::NotFoundError("catalog not found");
    return PricedItems{catalog, it->second.current_version, {}};
  }

  std::map<std::pair<std::string, std::string>, Catalog> catalogs_;
  std::map<std::tuple<std::string, std::string, std::string>, CatalogItem> items_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_CATALOG_REPOSITORY_H_
