#include "server/domain/identity/till_identity.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/validation.h"

namespace tillstream {
namespace {

constexpr char kScheme[] = "tillstream://till/";

}  // namespace

std::string TillIdentity::Describe() const {
  return absl::StrCat(org_id, "/", store_id, "/", till_id);
}

std::string TillUri(const TillIdentity& till) {
  return absl::StrCat(kScheme, till.Describe());
}

absl::StatusOr<TillIdentity> ParseTillUri(const std::string& uri) {
  if (!absl::StartsWith(uri, kScheme)) {
    return absl::InvalidArgumentError(
        "not a till URI (tillstream://till/ORG/STORE/TILL)");
  }
  const std::vector<std::string> parts =
      absl::StrSplit(uri.substr(sizeof(kScheme) - 1), '/');
  if (parts.size() != 3) {
    return absl::InvalidArgumentError("a till URI names org, store and till");
  }
  TillIdentity till{parts[0], parts[1], parts[2]};
  for (const auto& [field, value] :
       {std::pair<const char*, const std::string&>{"org", till.org_id},
        {"store", till.store_id},
        {"till", till.till_id}}) {
    if (auto s = CheckCode(field, value); !s.ok()) return s;
  }
  return till;
}

}  // namespace tillstream
