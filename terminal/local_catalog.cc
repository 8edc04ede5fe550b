#include "terminal/local_catalog.h"

#include "absl/strings/str_cat.h"
#include "common/money.h"

namespace tillstream {
namespace {

constexpr char kFile[] = "/catalog.pb";
constexpr int64_t kMilliPerUnit = 1000;

absl::Status Mismatch(const std::string& what) {
  return absl::FailedPreconditionError(
      absl::StrCat("the catalog pages do not fit together: ", what));
}

void Index(CatalogCopy* copy, const pos::v1::CatalogEntry& item) {
  for (const auto& b : item.barcodes()) copy->by_barcode[b] = item.sku();
}

// The copy as one snapshot, the file's content.
std::string Serialize(const CatalogCopy& copy) {
  pos::v1::CatalogDelta file = copy.header;
  file.set_from_version(0);
  file.clear_items();
  file.clear_removed_skus();
  for (const auto& [sku, item] : copy.items) *file.add_items() = item;
  return file.SerializeAsString();
}

}  // namespace

absl::StatusOr<CatalogCopy> ApplyPages(const CatalogCopy& base,
                                       const std::vector<pos::v1::CatalogDelta>& pages) {
  if (pages.empty()) return Mismatch("no pages");
  const pos::v1::CatalogDelta& first = pages.front();
  if (pages.back().more()) return Mismatch("the last page says more follow");
  for (const auto& p : pages) {
    if (p.catalog_id() != first.catalog_id() ||
        p.from_version() != first.from_version() ||
        p.to_version() != first.to_version()) {
      return Mismatch("pages of different versions");
    }
  }
  CatalogCopy next;
  if (first.from_version() != 0) {
    if (base.catalog_id() != first.catalog_id() ||
        base.version() != first.from_version()) {
      return Mismatch(absl::StrCat("a delta from version ", first.from_version(), " of ",
                                   first.catalog_id(), " onto version ", base.version(),
                                   " of '", base.catalog_id(), "'"));
    }
    next.items = base.items;
  }
  next.header = first;
  next.header.clear_items();
  next.header.clear_removed_skus();
  next.header.set_more(false);
  next.header.clear_last_sku();
  for (const auto& p : pages) {
    for (const auto& sku : p.removed_skus()) next.items.erase(sku);
    for (const auto& item : p.items()) next.items[item.sku()] = item;
  }
  for (const auto& [sku, item] : next.items) Index(&next, item);
  return next;
}

absl::StatusOr<pos::v1::PricedLine> PriceLocally(const CatalogCopy& copy,
                                                 const pos::v1::CatalogEntry& item,
                                                 const std::string& barcode,
                                                 int64_t quantity_milli,
                                                 int32_t line_no) {
  if (quantity_milli <= 0)
    return absl::InvalidArgumentError("the quantity must be positive");
  if (item.unit() == pos::v1::EACH && quantity_milli % kMilliPerUnit != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(item.sku(), " is sold each: the quantity must be whole"));
  }
  const Rounding rounding = copy.header.tax_rounding() == pos::v1::HALF_EVEN
                                ? Rounding::kHalfEven
                                : Rounding::kHalfUp;
  const int64_t rate = item.tax_rate_bp();
  auto gross =
      MulDivRoundHalfUp(item.unit_price().minor_units(), quantity_milli, kMilliPerUnit);
  if (!gross.ok()) return absl::InvalidArgumentError("the line exceeds the amount limit");
  const bool exclusive = copy.header.prices_exclude_tax();
  auto tax = MulDivRound(*gross, rate, exclusive ? 10000 : 10000 + rate, rounding);
  if (!tax.ok()) return tax.status();
  const std::string& currency = item.unit_price().currency();
  const auto money = [&currency](int64_t minor) {
    pos::v1::Money m;
    m.set_minor_units(minor);
    m.set_currency(currency);
    return m;
  };
  pos::v1::PricedLine line;
  line.set_line_no(line_no);
  line.set_sku(item.sku());
  line.set_barcode(barcode);
  line.set_name(item.name());
  line.mutable_quantity()->set_milli(quantity_milli);
  line.mutable_quantity()->set_unit(item.unit());
  *line.mutable_unit_price() = item.unit_price();
  *line.mutable_gross() = money(*gross);
  *line.mutable_amount() = money(exclusive ? *gross + *tax : *gross);
  line.set_tax_rate_bp(item.tax_rate_bp());
  *line.mutable_tax() = money(*tax);
  return line;
}

LocalCatalog::LocalCatalog(std::string dir, FileSystem* fs)
    : path_(dir + kFile), files_(fs) {}

absl::Status LocalCatalog::Load() {
  auto bytes = files_.ReadIfExists(path_);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return absl::OkStatus();
  pos::v1::CatalogDelta snapshot;
  if (!snapshot.ParseFromString(**bytes) || snapshot.from_version() != 0 ||
      snapshot.to_version() < 1) {
    // Never priced from: the next fetch replaces it with a whole snapshot.
    return absl::DataLossError(
        absl::StrCat(path_, " is not a catalog copy; it is fetched again"));
  }
  auto copy = ApplyPages(CatalogCopy{}, {snapshot});
  if (!copy.ok()) return copy.status();
  std::lock_guard<std::mutex> lock(mu_);
  current_ = std::make_shared<const CatalogCopy>(*std::move(copy));
  return absl::OkStatus();
}

std::shared_ptr<const CatalogCopy> LocalCatalog::current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

absl::Status LocalCatalog::Apply(const std::vector<pos::v1::CatalogDelta>& pages) {
  std::lock_guard<std::mutex> writer(apply_mu_);
  const std::shared_ptr<const CatalogCopy> base = current();
  auto next = ApplyPages(base ? *base : CatalogCopy{}, pages);
  if (!next.ok()) return next.status();
  if (auto s = files_.WriteAtomically(path_, Serialize(*next)); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  current_ = std::make_shared<const CatalogCopy>(*std::move(next));
  return absl::OkStatus();
}

}  // namespace tillstream
