// The catalog in memory.
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

 private:
  std::map<std::pair<std::string, std::string>, CatalogItem> items_;
};

}  // namespace tillstream::testing

#endif  // TILLSTREAM_TESTS_SUPPORT_FAKES_FAKE_CATALOG_REPOSITORY_H_
