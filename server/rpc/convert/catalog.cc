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

}  // namespace tillstream
