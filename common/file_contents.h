// Whole small files (certificates, keys) read into memory, with the reason
// in plain words when they cannot be.
#ifndef TILLSTREAM_COMMON_FILE_CONTENTS_H_
#define TILLSTREAM_COMMON_FILE_CONTENTS_H_

#include <string>

#include "absl/status/statusor.h"

namespace tillstream {

// NOT_FOUND when missing, PERMISSION_DENIED when unreadable, FAILED_PRECONDITION
// when empty; `what` names the file in the message ("the server certificate").
absl::StatusOr<std::string> ReadFileContents(const std::string& path,
                                             const std::string& what);

}  // namespace tillstream

#endif  // TILLSTREAM_COMMON_FILE_CONTENTS_H_
