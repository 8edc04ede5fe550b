// An org's catalogs (price lists; a store is assigned one), each published
// as numbered versions of items with their tax-inclusive price, tax rate,
// unit of measure and barcodes.
#ifndef TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_H_
#define TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace tillstream {

// Stored (items.uom, bill_lines.uom) and sent (pos.v1.UnitOfMeasure): do not
// renumber.
enum class Uom { kEach = 1, kKilogram = 2, kLitre = 3, kMetre = 4 };
static_assert(static_cast<int>(Uom::kEach) == 1);
static_assert(static_cast<int>(Uom::kKilogram) == 2);
static_assert(static_cast<int>(Uom::kLitre) == 3);
static_assert(static_cast<int>(Uom::kMetre) == 4);

const char* UomName(Uom uom);

inline constexpr int kMaxItemsPerUpsert = 5000;
inline constexpr int64_t kMaxUnitPriceMinor = 1'000'000'000'00;  // 10^11

struct CatalogItem {
  std::string sku;
  std::string name;
  int64_t unit_price_minor = 0;  // tax included
  int32_t tax_rate_bp = 0;       // basis points: 2000 = 20%
  Uom uom = Uom::kEach;
  std::vector<std::string> barcodes;
};

struct Catalog {
  std::string org_id;
  std::string catalog_id;
  std::string name;
  int current_version = 0;  // 0: nothing published yet
  std::string failure;      // the last sync's failure, "" after a success
};

// What publishing changed; `version` is the catalog's version afterwards
// (the same one when nothing changed).
struct UpsertCounts {
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;
  int version = 0;
  int removed = 0;  // only a sync, which is the whole catalog, removes items
};

// Items as one version of one catalog holds them.
struct PricedItems {
  std::string catalog_id;
  int version = 0;
  std::vector<CatalogItem> items;
};

// What takes a till's copy from `from_version` to `to_version` (from 0: a
// snapshot), one page of it in sku order.
struct CatalogDelta {
  std::string catalog_id;
  int from_version = 0;
  int to_version = 0;
  absl::Time published_at;           // of to_version
  std::vector<CatalogItem> items;    // added or changed
  std::vector<std::string> removed;  // skus gone in to_version
  bool more = false;                 // further pages after last_sku
  std::string last_sku;
};

inline constexpr int kMaxDeltaPage = 2000;  // entries (items and removals)

// When a catalog's versions were published, oldest first.
struct VersionPublished {
  int version = 0;
  absl::Time published_at;
};

// Field checks of one item; `field` names it in errors ("items[3]").
absl::Status ValidateCatalogItem(const std::string& field, const CatalogItem& item);

// Field checks of a new catalog.
absl::Status ValidateCatalog(const Catalog& catalog);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_DOMAIN_CATALOG_CATALOG_H_
