// The till's identity, kept in its state directory: till.key (its private
// key, mode 0600, made on the till and never sent anywhere), till.crt (the
// certificate the back office signed at enrolment) and till.id (org, store
// and till, one per line). till.id is written last, so a till whose
// enrolment was interrupted is simply not enrolled yet.
#ifndef TILLSTREAM_TERMINAL_TILL_CREDENTIALS_H_
#define TILLSTREAM_TERMINAL_TILL_CREDENTIALS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "client/till_enrolment.h"
#include "terminal/till_files.h"

namespace tillstream {

absl::Status SaveEnrolledTill(const std::string& dir, const EnrolledTill& till,
                              FileSystem* fs = FileSystem::Posix());

// The enrolled till, or nullopt when the till has not been enrolled.
absl::StatusOr<std::optional<EnrolledTill>> LoadEnrolledTill(
    const std::string& dir, FileSystem* fs = FileSystem::Posix());

}  // namespace tillstream

#endif  // TILLSTREAM_TERMINAL_TILL_CREDENTIALS_H_
