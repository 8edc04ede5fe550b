#include "server/domain/catalog/catalog.h"

#include "absl/strings/str_cat.h"
#include "common/enum_names.h"
#include "common/validation.h"

namespace tillstream {

const char* UomName(Uom uom) { return EnumName(uom, {"ea", "kg", "l", "m"}); }

absl::Status ValidateCatalogItem(const std::string& field, const CatalogItem& item) {
  if (auto s = CheckCode(field + ".sku", item.sku); !s.ok()) return s;
  if (auto s = CheckText(field + ".name", item.name, kMaxNameLength); !s.ok()) {
    return s;
  }
  if (item.unit_price_minor < 0 || item.unit_price_minor > kMaxUnitPriceMinor) {
    return FieldError(
        field + ".unit_price",
        absl::StrCat("must be between 0 and ", kMaxUnitPriceMinor, " minor units"));
  }
  if (item.tax_rate_bp < 0 || item.tax_rate_bp > 10000) {
    return FieldError(field + ".tax_rate_bp",
                      "must be between 0 and 10000 basis points (0-100%)");
  }
  if (item.barcodes.size() > 20) {
    return FieldError(field + ".barcodes", "holds more than 20 barcodes");
  }
  for (size_t i = 0; i < item.barcodes.size(); ++i) {
    const std::string at = absl::StrCat(field, ".barcodes[", i, "]");
    if (auto s = CheckBarcode(at, item.barcodes[i]); !s.ok()) return s;
    // A barcode names one item once: stored twice it broke the publish
    // (a primary-key clash found by the catalog_rows fuzz target).
    for (size_t j = 0; j < i; ++j) {
      if (item.barcodes[j] == item.barcodes[i]) {
        return FieldError(at,
                          absl::StrCat("repeats barcodes[", j, "] (", item.barcodes[i],
                                       "): an item lists a barcode once"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateCatalog(const Catalog& catalog) {
  if (auto s = CheckCode("org_id", catalog.org_id); !s.ok()) return s;
  if (auto s = CheckCode("catalog_id", catalog.catalog_id); !s.ok()) return s;
  return CheckText("name", catalog.name, kMaxNameLength);
}

}  // namespace tillstream
