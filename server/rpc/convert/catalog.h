// Catalog items and units on the wire.
#ifndef TILLSTREAM_SERVER_RPC_CONVERT_CATALOG_H_
#define TILLSTREAM_SERVER_RPC_CONVERT_CATALOG_H_

#include <string>

#include "absl/status/statusor.h"
#include "pos/v1/pos.pb.h"
#include "server/domain/catalog/catalog.h"
#include "server/usecases/till_catalogs.h"

namespace tillstream {

pos::v1::UnitOfMeasure ToProtoUom(Uom uom);
absl::StatusOr<Uom> FromProtoUom(pos::v1::UnitOfMeasure uom);
absl::StatusOr<CatalogItem> FromProtoItem(const pos::v1::CatalogItem& item,
                                          const std::string& field);
pos::v1::CatalogDelta ToProtoDelta(const CatalogPage& page);

}  // namespace tillstream

#endif  // TILLSTREAM_SERVER_RPC_CONVERT_CATALOG_H_
