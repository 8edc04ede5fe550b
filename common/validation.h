// Input checks shared by server and terminal. Each returns INVALID_ARGUMENT
// with a message that names the field, so a person can fix the input.
#ifndef TILLSTREAM_COMMON_VALIDATION_H_
#define TILLSTREAM_COMMON_VALIDATION_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tillstream {

inline constexpr size_t kMaxCodeLength = 32;  // org, store, till, SKU
inline constexpr size_t kMaxBarcodeLength = 48;
inline constexpr size_t kMaxBillNumberLength = 50;
inline constexpr size_t kMaxNameLength = 120;
inline constexpr size_t kMaxCorrelationIdLength = 64;
inline constexpr size_t kMaxRequestIdLength = 64;

bool IsValidUtf8(absl::string_view text);

// Field-named INVALID_ARGUMENT: the message starts with the field, and the
// field travels as a payload (BlamedField) for the RPC edge to report.
absl::Status FieldError(absl::string_view field, absl::string_view problem);

// The field a FieldError blames, like "lines[2].sku"; "" when none.
std::string BlamedField(const absl::Status& status);

// A code: 1..kMaxCodeLength of [A-Za-z0-9_.-], starting with a letter or digit.
absl::Status CheckCode(absl::string_view field, absl::string_view value);

// A barcode: 1..kMaxBarcodeLength of [A-Za-z0-9-].
absl::Status CheckBarcode(absl::string_view field, absl::string_view value);

// A bill number: 1..kMaxBillNumberLength printable ASCII characters.
absl::Status CheckBillNumber(absl::string_view field, absl::string_view value);

// Human text: valid UTF-8, no control characters, 1..max_length bytes
// (or 0 when optional).
absl::Status CheckText(absl::string_view field, absl::string_view value,
                       size_t max_length, bool optional = false);

// A request id chosen by the caller, so that a retry is safe:
// 1..kMaxRequestIdLength of [A-Za-z0-9_.:-].
absl::Status CheckRequestId(absl::string_view field, absl::string_view value);

// A canonical UUID.
absl::Status CheckUuid(absl::string_view field, absl::string_view value);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_VALIDATION_H_
