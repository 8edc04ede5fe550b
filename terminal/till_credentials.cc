#include "terminal/till_credentials.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tillstream {

absl::Status SaveEnrolledTill(const std::string& dir, const EnrolledTill& till,
                              FileSystem* fs) {
  TillFiles files(fs);
  if (auto s = files.EnsureDir(dir); !s.ok()) return s;
  // WriteAtomically creates files mode 0600: the key is the till's alone.
  if (auto s = files.WriteAtomically(dir + "/till.key", till.credential.key_pem); !s.ok())
    return s;
  if (auto s = files.WriteAtomically(dir + "/till.crt", till.credential.cert_pem);
      !s.ok())
    return s;
  return files.WriteAtomically(
      dir + "/till.id",
      absl::StrCat(till.org_id, "\n", till.store_id, "\n", till.till_id, "\n"));
}

absl::StatusOr<std::optional<EnrolledTill>> LoadEnrolledTill(const std::string& dir,
                                                             FileSystem* fs) {
  TillFiles files(fs);
  auto id = files.ReadIfExists(dir + "/till.id");
  if (!id.ok()) return id.status();
  if (!id->has_value()) return std::nullopt;
  const std::vector<std::string> parts = absl::StrSplit(**id, '\n', absl::SkipEmpty());
  auto key = files.ReadIfExists(dir + "/till.key");
  if (!key.ok()) return key.status();
  auto cert = files.ReadIfExists(dir + "/till.crt");
  if (!cert.ok()) return cert.status();
  if (parts.size() != 3 || !key->has_value() || !cert->has_value()) {
    return absl::DataLossError(absl::StrCat(
        "the till's enrolment in ", dir,
        " is incomplete (till.id, till.key, till.crt): enrol the till again"));
  }
  EnrolledTill till;
  till.org_id = parts[0];
  till.store_id = parts[1];
  till.till_id = parts[2];
  till.credential = TillCredential{**cert, **key};
  return till;
}

}  // namespace tillstream
