// The till's copy of its store's catalog, kept in its state directory as
// catalog.pb (one pos.v1.CatalogDelta from version 0: a whole version) and
// replaced atomically. A new version is applied in memory from every page
// of its snapshot or delta, written, and only then put in use, so the till
// never prices from a half-applied version. Readers (the cashier's thread)
// and the writer (the catalog follower) may run at once.
#ifndef TILLSTREAM_TERMINAL_LOCAL_CATALOG_H_
#define TILLSTREAM_TERMINAL_LOCAL_CATALOG_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "pos/v1/pos.pb.h"
#include "terminal/till_files.h"

namespace tillstream {

// One whole version of a catalog, immutable once built.
struct CatalogCopy {
  pos::v1::CatalogDelta
      header;  // catalog, to_version, published_at, tax, currency; no items
  std::map<std::string, pos::v1::CatalogEntry> items;  // by sku
  std::unordered_map<std::string, std::string> by_barcode;

  const std::string& catalog_id() const { return header.catalog_id(); }
  int version() const { return header.to_version(); }
};

// `base` brought to the version of `pages`, every page of one delta in
// order (the first from_version 0: a snapshot, which drops everything
// else). FAILED_PRECONDITION when the pages do not fit the base or each
// other, or the last one says more follow.
absl::StatusOr<CatalogCopy> ApplyPages(const CatalogCopy& base,
                                       const std::vector<pos::v1::CatalogDelta>& pages);

// A line priced from a copy, as the server would price it: gross = unit
// price x quantity (halves away from zero), tax within it (or added, when the
// org's prices exclude tax) with the org's rounding.
absl::StatusOr<pos::v1::PricedLine> PriceLocally(const CatalogCopy& copy,
                                                 const pos::v1::CatalogEntry& item,
                                                 const std::string& barcode,
                                                 int64_t quantity_milli, int32_t line_no);

class LocalCatalog {
 public:
  explicit LocalCatalog(std::string dir, FileSystem* fs = FileSystem::Posix());

  // Reads the copy a previous run kept; none is fine (nothing held yet).
  absl::Status Load();

  // The copy in use; null when none is held. Stays valid while held.
  std::shared_ptr<const CatalogCopy> current() const;

  // Applies the pages to the copy in use, keeps the result on disk, then
  // puts it in use. On failure the copy in use and on disk are unchanged.
  absl::Status Apply(const std::vector<pos::v1::CatalogDelta>& pages);

 private:
  const std::string path_;
  TillFiles files_;
  mutable std::mutex mu_;
  std::shared_ptr<const CatalogCopy> current_;
  std::mutex apply_mu_;  // one writer at a time
};

}  // namespace tillstream

#endif  // TILLSTREAM_TERMINAL_LOCAL_CATALOG_H_
