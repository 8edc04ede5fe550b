#include "tools/catalog_csv.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/csv.h"
#include "common/money.h"

namespace tillstream {

absl::StatusOr<std::vector<pos::v1::CatalogItem>> ParseCatalogCsv(
    absl::string_view text, const std::string& currency) {
  std::vector<pos::v1::CatalogItem> items;
  int line_no = 0;
  bool header_seen = false;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_no;
    const absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#') continue;
    const auto fail = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat("line ", line_no, ": ", why));
    };
    auto fields = SplitCsvRecord(line);
    if (!fields.ok()) return fail(fields.status().message());
    if (!header_seen) {
      header_seen = true;
      if ((*fields)[0] == "sku") continue;
    }
    if (fields->size() != 6) {
      return fail(absl::StrCat(
          "expected 6 fields (sku,name,price,tax_percent,unit,barcodes), got ",
          fields->size()));
    }
    const auto& f = *fields;
    pos::v1::CatalogItem item;
    item.set_sku(f[0]);
    item.set_name(f[1]);
    auto price = ParseMoney(f[2], currency);
    if (!price.ok()) return fail(price.status().message());
    item.mutable_unit_price()->set_minor_units(*price);
    item.mutable_unit_price()->set_currency(currency);
    auto tax = ParsePercentToBasisPoints(f[3]);
    if (!tax.ok()) return fail(tax.status().message());
    item.set_tax_rate_bp(*tax);
    const std::string unit = absl::AsciiStrToLower(f[4]);
    if (unit == "each" || unit == "ea") {
      item.set_unit(pos::v1::EACH);
    } else if (unit == "kg") {
      item.set_unit(pos::v1::KILOGRAM);
    } else if (unit == "l") {
      item.set_unit(pos::v1::LITRE);
    } else if (unit == "m") {
      item.set_unit(pos::v1::METRE);
    } else {
      return fail(absl::StrCat("unit '", f[4], "' must be each, kg, l or m"));
    }
    for (absl::string_view b : absl::StrSplit(f[5], '|', absl::SkipEmpty())) {
      item.add_barcodes(std::string(b));
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace tillstream
