#include "server/domain/catalog/catalog_sync.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/csv.h"
#include "common/enum_names.h"
#include "common/money.h"
#include "common/validation.h"

namespace tillstream {
namespace {

constexpr int kRowsNamed = 5;  // a failure names this many bad rows
constexpr int kProgressEvery = 1000;
constexpr char kColumns[] = "sku,name,price,tax_percent,unit,barcodes";

// The data rows of an upload with their numbers, the header aside.
template <typename Visit>
void ForEachRow(absl::string_view data, Visit&& visit) {
  int row = 0;
  bool first = true;
  for (absl::string_view raw : absl::StrSplit(data, '\n')) {
    const absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#') continue;
    if (first) {
      first = false;
      if (absl::StartsWith(line, "sku,") || line == "sku") continue;
    }
    visit(++row, line);
  }
}

std::optional<Uom> UomOf(const std::string& text) {
  const std::string unit = absl::AsciiStrToLower(text);
  if (unit == "each" || unit == "ea") return Uom::kEach;
  if (unit == "kg") return Uom::kKilogram;
  if (unit == "l") return Uom::kLitre;
  if (unit == "m") return Uom::kMetre;
  return std::nullopt;
}

// One JSON-lines row as the six CSV fields: strings as they are, numbers
// as JSON writes them back (the shortest form that reads as the same
// number, so "price": 1.29 is "1.29"), barcodes joined with |.
absl::StatusOr<std::vector<std::string>> JsonFields(absl::string_view line) {
  const nlohmann::json row = nlohmann::json::parse(line.begin(), line.end(), nullptr,
                                                   /*allow_exceptions=*/false);
  if (row.is_discarded() || !row.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("is not a JSON object with the keys ", kColumns));
  }
  static const std::array<const char*, 6> kKeys = {"sku",         "name", "price",
                                                   "tax_percent", "unit", "barcodes"};
  for (const auto& entry : row.items()) {
    const std::string& key = entry.key();  // a name: lambdas cannot capture bindings
    if (std::find_if(kKeys.begin(), kKeys.end(),
                     [&](const char* k) { return key == k; }) == kKeys.end()) {
      return absl::InvalidArgumentError(absl::StrCat("has the unknown key \"", key,
                                                     "\" (the keys are ", kColumns, ")"));
    }
  }
  std::vector<std::string> fields;
  for (const char* key : kKeys) {
    const auto it = row.find(key);
    const bool barcodes = std::string_view(key) == "barcodes";
    if (it == row.end()) {
      if (!barcodes)
        return absl::InvalidArgumentError(absl::StrCat("has no \"", key, "\""));
      fields.emplace_back();
    } else if (it->is_string()) {
      fields.push_back(it->get<std::string>());
    } else if (it->is_number() && !barcodes) {
      fields.push_back(it->dump());
    } else if (it->is_array() && barcodes) {
      std::vector<std::string> codes;
      for (const auto& b : *it) {
        if (!b.is_string()) {
          return absl::InvalidArgumentError(
              "barcodes must be strings, like \"4006381333931\"");
        }
        codes.push_back(b.get<std::string>());
      }
      fields.push_back(absl::StrJoin(codes, "|"));
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", key, "\" must be ",
                       barcodes ? "an array of strings" : "a string or a number"));
    }
  }
  return fields;
}

absl::StatusOr<CatalogItem> ItemOf(absl::string_view line, SyncFormat format,
                                   const std::string& currency) {
  auto fields =
      format == SyncFormat::kJsonLines ? JsonFields(line) : SplitCsvRecord(line);
  if (!fields.ok()) return fields.status();
  const std::vector<std::string>& f = *fields;
  if (f.size() != 6) {
    return absl::InvalidArgumentError(
        absl::StrCat("has ", f.size(), " fields, not the 6 of ", kColumns));
  }
  CatalogItem item;
  item.sku = f[0];
  item.name = f[1];
  auto price = ParseMoney(f[2], currency);
  if (!price.ok())
    return absl::InvalidArgumentError(absl::StrCat("price ", price.status().message()));
  item.unit_price_minor = *price;
  auto tax = ParsePercentToBasisPoints(f[3]);
  if (!tax.ok()) return tax.status();
  item.tax_rate_bp = *tax;
  const std::optional<Uom> uom = UomOf(f[4]);
  if (!uom) {
    return absl::InvalidArgumentError(
        absl::StrCat("unit '", f[4], "' is not each, kg, l or m"));
  }
  item.uom = *uom;
  for (absl::string_view b : absl::StrSplit(f[5], '|', absl::SkipEmpty())) {
    item.barcodes.emplace_back(b);
  }
  if (auto s = ValidateCatalogItem("item", item); !s.ok()) return s;
  return item;
}

}  // namespace

const char* SyncStateName(SyncState state) {
  return EnumName(state, {"PENDING", "IN_PROGRESS", "SYNCED", "FAILED"});
}

const char* SyncFailureName(SyncFailure failure) {
  return EnumName(failure, {"CATALOG_NOT_FOUND", "STORE_NOT_FOUND", "INVALID_ROWS",
                            "DUPLICATE_BARCODE", "SYSTEM_ERROR"});
}

absl::Status ValidateSyncRequest(const SyncRequest& r) {
  if (auto s = CheckCode("org_id", r.org_id); !s.ok()) return s;
  if (r.catalog_id.empty() == r.store_id.empty()) {
    return absl::InvalidArgumentError(
        "name either catalog_id (the catalog to sync) or store_id (sync the catalog the "
        "store is assigned)");
  }
  if (!r.catalog_id.empty()) return CheckCode("catalog_id", r.catalog_id);
  return CheckCode("store_id", r.store_id);
}

int CountSyncRows(absl::string_view data) {
  int rows = 0;
  ForEachRow(data, [&](int, absl::string_view) { ++rows; });
  return rows;
}

ParsedSync ParseSyncRows(absl::string_view data, SyncFormat format,
                         const std::string& currency,
                         const std::function<void(int)>& progress) {
  ParsedSync out;
  std::vector<std::string> bad;
  int bad_rows = 0;
  std::unordered_map<std::string, int> sku_row;
  std::unordered_map<std::string, int> barcode_row;
  std::vector<std::string> clashes;
  int clashing = 0;
  ForEachRow(data, [&](int row, absl::string_view line) {
    if (row % kProgressEvery == 0 && progress) progress(row);
    auto item = ItemOf(line, format, currency);
    if (!item.ok()) {
      if (++bad_rows <= kRowsNamed)
        bad.push_back(absl::StrCat("row ", row, ": ", item.status().message()));
      return;
    }
    if (auto [it, fresh] = sku_row.emplace(item->sku, row); !fresh) {
      if (++bad_rows <= kRowsNamed) {
        bad.push_back(absl::StrCat("row ", row, ": sku ", item->sku, " is also on row ",
                                   it->second));
      }
      return;
    }
    for (const std::string& b : item->barcodes) {
      if (auto [it, fresh] = barcode_row.emplace(b, row); !fresh && it->second != row) {
        if (++clashing <= kRowsNamed) {
          clashes.push_back(
              absl::StrCat("row ", row, ": barcode ", b, " is also on row ", it->second));
        }
      }
    }
    out.items.push_back(*std::move(item));
  });
  if (bad_rows > 0) {
    out.failure = SyncFailure::kInvalidRows;
    out.detail = absl::StrCat(bad_rows, " bad row(s): ", absl::StrJoin(bad, "; "),
                              bad_rows > kRowsNamed ? "; ..." : "");
  } else if (clashing > 0) {
    out.failure = SyncFailure::kDuplicateBarcode;
    out.detail = absl::StrCat(
        clashing, " barcode(s) on more than one item: ", absl::StrJoin(clashes, "; "),
        clashing > kRowsNamed ? "; ..." : "");
  } else if (out.items.empty()) {
    out.failure = SyncFailure::kInvalidRows;
    out.detail = absl::StrCat("the upload holds no rows (", kColumns, ")");
  } else if (out.items.size() > static_cast<size_t>(kMaxSyncRows)) {
    out.failure = SyncFailure::kInvalidRows;
    out.detail = absl::StrCat("the upload holds ", out.items.size(),
                              " rows; the limit is ", kMaxSyncRows);
  }
  if (out.failure) out.items.clear();
  return out;
}

}  // namespace tillstream
