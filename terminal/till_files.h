// The till's file layer. Every file the till keeps (the bill counter, the
// outbox, rejected bills; later its certificate and its catalog copy) is
// replaced atomically: written to NAME.tmp, fsynced, renamed over NAME, and
// the directory fsynced. A crash, a full disk or a failing disk leaves the
// old content or the new, never a torn file and never a temporary that eats
// the last free space. Failures are named in words a cashier can act on.
#ifndef TILLSTREAM_TERMINAL_TILL_FILES_H_
#define TILLSTREAM_TERMINAL_TILL_FILES_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tillstream {

// The system calls the layer makes, behind a seam so that tests can fail
// them the way real disks do (ENOSPC midway through a write, EROFS, EIO on
// fsync). Each returns what POSIX returns, with failures as -errno.
class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual int Open(const std::string& path, int flags, mode_t mode);  // fd or -errno
  virtual ssize_t Write(int fd, const char* data, size_t size);
  virtual ssize_t Read(int fd, char* data, size_t size);
  virtual int Fsync(int fd);
  virtual int Close(int fd);
  virtual int Rename(const std::string& from, const std::string& to);
  virtual int Unlink(const std::string& path);
  virtual int MakeDir(const std::string& path, mode_t mode);

  static FileSystem* Posix();
};

// A disk failure as a status whose message says what is wrong and what to do:
// ENOSPC is RESOURCE_EXHAUSTED ("the till's disk is full ..."), EROFS
// FAILED_PRECONDITION, EACCES / EPERM PERMISSION_DENIED, anything else
// (EIO) INTERNAL. `doing` is e.g. "writing", `path` the file concerned.
absl::Status DiskError(int err, absl::string_view doing, const std::string& path);

class TillFiles {
 public:
  explicit TillFiles(FileSystem* fs = FileSystem::Posix()) : fs_(fs) {}

  // mkdir -p, each new directory made durable in its parent.
  absl::Status EnsureDir(const std::string& dir);

  // Replaces `path` with `bytes` atomically and durably (see the top). On
  // failure PATH.tmp is gone and `path` keeps its old content (or is absent),
  // except when only the final directory sync failed: then `path` holds the
  // new content, which a crash may undo. Callers treat every failure as "not
  // kept" and overwrite or remove `path` themselves.
  absl::Status WriteAtomically(const std::string& path, absl::string_view bytes);

  // The whole file, or nullopt when it does not exist.
  absl::StatusOr<std::optional<std::string>> ReadIfExists(const std::string& path);

  // Unlinks `path` (absent is fine) and makes that durable.
  absl::Status Remove(const std::string& path);

  // Renames `from` to `to` (another directory of the same disk) durably.
  absl::Status Move(const std::string& from, const std::string& to);

  // Names in `dir` ending in `suffix`, sorted.
  absl::StatusOr<std::vector<std::string>> List(const std::string& dir,
                                                absl::string_view suffix) const;

  // Removes the NAME.tmp files a crash left in `dir`; how many it removed.
  int RemoveTemporaries(const std::string& dir);

 private:
  absl::Status SyncDir(const std::string& dir);

  FileSystem* const fs_;
};

}  // namespace tillstream

#endif  // TILLSTREAM_TERMINAL_TILL_FILES_H_
