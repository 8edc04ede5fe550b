#include "server/rpc/convert/catalog.h"

#include "absl/strings/str_cat.h"
#include "common/validation.h"
#include "server/rpc/convert/wire.h"

namespace tillstream {

static_assert(Same(pos::v1::EACH, Uom::kEach) &&
              Same(pos::v1::KILOGRAM, Uom::kKilogram) &&
              Same(pos::v1::LITRE, Uom::kLitre) && Same(pos::v1::METRE, Uom::kMetre));

pos::v1::UnitOfMeasure ToProtoUom(Uom uom) {
  return static_cast<pos::v1::UnitOfMeasure>(static_cast<int>(uom));
}

absl::StatusOr<Uom> FromProtoUom(pos::v1::UnitOfMeasure uom) {
  switch (uom) {
    case pos::v1::EACH:
      return Uom::kEach;
    case pos::v1::KILOGRAM:
      return Uom::kKilogram;
    case pos::v1::LITRE:
      return Uom::kLitre;
    case pos::v1::METRE:
      return Uom::kMetre;
    default:
      return FieldError("unit", "must be EACH, KILOGRAM, LITRE or METRE");
  }
}

absl::StatusOr<CatalogItem> FromProtoItem(const pos::v1::CatalogItem& item,
                                          const std::string& field) {
  CatalogItem c;
  c.sku = item.sku();
  c.name = item.name();
  c.unit_price_minor = item.unit_price().minor_units();
  c.tax_rate_bp = item.tax_rate_bp();
  auto uom = FromProtoUom(item.unit());
  if (!uom.ok())
    return FieldError(field + ".unit", "must be EACH, KILOGRAM, LITRE or METRE");
  c.uom = *uom;
  c.barcodes.assign(item.barcodes().begin(), item.barcodes().end());
  return c;
}

pos::v1::CatalogDelta ToProtoDelta(const CatalogPage& page) {
  const CatalogDelta& d = page.delta;
  pos::v1::CatalogDelta out;
  out.set_catalog_id(d.catalog_id);
  out.set_from_version(d.from_version);
  out.set_to_version(d.to_version);
  for (const CatalogItem& item : d.items) {
    auto* e = out.add_items();
    e->set_sku(item.sku);
    e->set_name(item.name);
    *e->mutable_unit_price() = ToMoney(item.unit_price_minor, page.currency);
    e->set_tax_rate_bp(item.tax_rate_bp);
    e->set_unit(ToProtoUom(item.uom));
    for (const auto& b : item.barcodes) e->add_barcodes(b);
  }
  for (const auto& sku : d.removed) out.add_removed_skus(sku);
  out.set_more(d.more);
  out.set_last_sku(d.last_sku);
  SetTimestamp(d.published_at, out.mutable_published_at());
  out.set_prices_exclude_tax(page.policy.prices_exclude_tax);
  out.set_tax_rounding(page.policy.rounding == Rounding::kHalfEven ? pos::v1::HALF_EVEN
                                                                   : pos::v1::HALF_UP);
  out.set_currency(page.currency);
  return out;
}

}  // namespace tillstream
