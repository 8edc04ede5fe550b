// The text fields outsiders type or send: money, quantities, percentages,
// customer identifiers, redemption and coupon codes, opening hours, till
// URIs, API keys, CSV records. The first byte picks the reader. Whatever
// a reader accepts, it accepts again in the form it returned (a
// normalisation is idempotent; a format round-trips).
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/csv.h"
#include "common/identifiers.h"
#include "common/money.h"
#include "common/quantity.h"
#include "common/redemption_code.h"
#include "common/validation.h"
#include "server/domain/identity/api_key.h"
#include "server/domain/identity/till_identity.h"
#include "server/domain/org/store.h"
#include "tests/fuzz/fuzz_check.h"

namespace tillstream {
namespace {

template <typename Normalize>
void Idempotent(const std::string& text, Normalize normalize) {
  auto once = normalize(text);
  if (!once.ok()) return;
  auto twice = normalize(*once);
  FUZZ_CHECK(twice.ok() && *twice == *once);
}

}  // namespace
}  // namespace tillstream

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tillstream;
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 10) {
    case 0:
      for (const char* currency : {"EUR", "JPY", "KWD"}) {
        auto minor = ParseMoney(text, currency);
        if (!minor.ok()) continue;
        auto again = ParseMoney(FormatMoney(*minor, currency), currency);
        FUZZ_CHECK(again.ok() && *again == *minor);
      }
      break;
    case 1: {
      auto milli = ParseQuantity(text);
      if (milli.ok()) {
        auto again = ParseQuantity(FormatQuantity(*milli));
        FUZZ_CHECK(again.ok() && *again == *milli);
      }
      break;
    }
    case 2:
      (void)ParsePercentToBasisPoints(text);
      break;
    case 3:
      Idempotent(text,
                 [](const std::string& s) { return NormalizeMobile("m", s, "49"); });
      Idempotent(text, [](const std::string& s) { return NormalizeMobile("m", s, ""); });
      break;
    case 4:
      Idempotent(text, [](const std::string& s) { return NormalizeEmail("e", s); });
      Idempotent(text, [](const std::string& s) { return NormalizeExternalId("x", s); });
      Idempotent(text, [](const std::string& s) { return NormalizeCardNumber("c", s); });
      break;
    case 5:
      Idempotent(text,
                 [](const std::string& s) { return ParseRedemptionCode(s, "code"); });
      break;
    case 6:
      (void)CheckCode("code", text);
      (void)CheckUuid("id", text);
      (void)CheckText("t", text, 64, false);
      break;
    case 7:
      (void)ParseOpeningHours(text);
      break;
    case 8:
      if (auto till = ParseTillUri(text); till.ok()) {
        auto again = ParseTillUri(TillUri(*till));
        FUZZ_CHECK(again.ok() && TillUri(*again) == TillUri(*till));
      }
      (void)ParseKey(text);
      break;
    case 9:
      (void)SplitCsvRecord(text);
      break;
  }
  return 0;
}
