// Catalog CSV for posctl load-catalog:
//   sku,name,price,tax_percent,unit,barcodes
//   A1001,"Milk 1L, organic",1.19,7,each,4006381333931|4006381333932
// price is tax-inclusive in the org's currency; unit is each, kg, l or m;
// barcodes are separated by '|'. Fields may be quoted with ".
#ifndef TILLSTREAM_TOOLS_CATALOG_CSV_H_
#define TILLSTREAM_TOOLS_CATALOG_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/csv.h"
#include "pos/v1/pos.pb.h"

namespace tillstream {

// The whole file; errors name the line.
absl::StatusOr<std::vector<pos::v1::CatalogItem>> ParseCatalogCsv(
    absl::string_view text, const std::string& currency);

}  // namespace tillstream

#endif  // TILLSTREAM_TOOLS_CATALOG_CSV_H_
