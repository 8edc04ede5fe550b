// A catalog sync's upload as the worker checks it, CSV or JSON lines (the
// first byte picks): it either fails with a reason and a detail, or every
// item it keeps has a SKU, a name, a price within range and unique barcodes.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "common/money.h"
#include "server/domain/catalog/catalog_sync.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tillstream;
  if (size == 0) return 0;
  const SyncFormat format = data[0] % 2 == 0 ? SyncFormat::kCsv : SyncFormat::kJsonLines;
  const std::string upload(reinterpret_cast<const char*>(data) + 1, size - 1);
  int last_progress = 0;
  const ParsedSync parsed = ParseSyncRows(upload, format, "EUR", [&](int rows) {
    FUZZ_CHECK(rows >= last_progress);
    last_progress = rows;
  });
  if (parsed.failure) {
    FUZZ_CHECK(!parsed.detail.empty());
    return 0;
  }
  std::set<std::string> skus, barcodes;
  for (const CatalogItem& item : parsed.items) {
    FUZZ_CHECK(!item.sku.empty() && !item.name.empty());
    FUZZ_CHECK(item.unit_price_minor >= 0 && item.unit_price_minor <= kMaxAbsMinorUnits);
    FUZZ_CHECK(skus.insert(item.sku).second);
    for (const std::string& b : item.barcodes) FUZZ_CHECK(barcodes.insert(b).second);
  }
  return 0;
}
