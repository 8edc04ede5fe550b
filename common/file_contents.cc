#include "common/file_contents.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace tillstream {

absl::StatusOr<std::string> ReadFileContents(const std::string& path,
                                             const std::string& what) {
  if (path.empty())
    return absl::InvalidArgumentError(absl::StrCat("no file given for ", what));
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    const std::string message =
        absl::StrCat("cannot read ", what, " at ", path, ": ", std::strerror(err));
    if (err == ENOENT) return absl::NotFoundError(message);
    if (err == EACCES || err == EPERM) return absl::PermissionDeniedError(message);
    return absl::UnavailableError(message);
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (buf.str().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(what, " at ", path, " is empty"));
  }
  return buf.str();
}

}  // namespace tillstream
