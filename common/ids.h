// Identifiers: operator-chosen codes (org, store, till, SKU) and UUIDs (bills).
#ifndef TILLSTREAM_COMMON_IDS_H_
#define TILLSTREAM_COMMON_IDS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tillstream {

// A random (version 4) UUID in canonical lower-case form.
std::string NewUuid();

// True for the canonical 8-4-4-4-12 hex form (either case).
bool IsUuid(absl::string_view text);

// Lower-cases a UUID already checked with IsUuid.
std::string CanonicalUuid(absl::string_view text);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_IDS_H_
