#include "terminal/till_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace tillstream {
namespace fs = std::filesystem;
namespace {

constexpr char kTmpSuffix[] = ".tmp";

std::string ParentOf(const std::string& path) {
  const std::string parent = fs::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

}  // namespace

int FileSystem::Open(const std::string& path, int flags, mode_t mode) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  return fd >= 0 ? fd : -errno;
}
ssize_t FileSystem::Write(int fd, const char* data, size_t size) {
  const ssize_t n = ::write(fd, data, size);
  return n >= 0 ? n : -errno;
}
ssize_t FileSystem::Read(int fd, char* data, size_t size) {
  const ssize_t n = ::read(fd, data, size);
  return n >= 0 ? n : -errno;
}
int FileSystem::Fsync(int fd) { return ::fsync(fd) == 0 ? 0 : -errno; }
int FileSystem::Close(int fd) { return ::close(fd) == 0 ? 0 : -errno; }
int FileSystem::Rename(const std::string& from, const std::string& to) {
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : -errno;
}
int FileSystem::Unlink(const std::string& path) {
  return ::unlink(path.c_str()) == 0 ? 0 : -errno;
}
int FileSystem::MakeDir(const std::string& path, mode_t mode) {
  return ::mkdir(path.c_str(), mode) == 0 ? 0 : -errno;
}

FileSystem* FileSystem::Posix() {
  static FileSystem* posix = new FileSystem();
  return posix;
}

absl::Status DiskError(int err, absl::string_view doing, const std::string& path) {
  const std::string detail =
      absl::StrCat(" (", doing, " ", path, ": ", std::strerror(err), ")");
  switch (err) {
    case ENOSPC:
    case EDQUOT:
      return absl::ResourceExhaustedError(absl::StrCat("the till's disk is full", detail,
                                                       ": free space on it, or call IT"));
    case EROFS:
      return absl::FailedPreconditionError(
          absl::StrCat("the till's disk is read-only", detail,
                       ": it may have failed and been remounted; call IT"));
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(
          absl::StrCat("the till may not write to its state directory", detail,
                       ": check the directory's owner and permissions, or call IT"));
    case EIO:
      return absl::InternalError(absl::StrCat("the till's disk reported an I/O error",
                                              detail, ": it may be failing; call IT"));
    default:
      return absl::InternalError(
          absl::StrCat("the till cannot use its disk", detail, ": call IT"));
  }
}

absl::Status TillFiles::SyncDir(const std::string& dir) {
  const int fd = fs_->Open(dir, O_RDONLY | O_DIRECTORY, 0);
  if (fd < 0) return DiskError(-fd, "opening", dir);
  const int synced = fs_->Fsync(fd);
  fs_->Close(fd);
  // Some file systems cannot fsync a directory (EINVAL): nothing more to do.
  if (synced < 0 && synced != -EINVAL) return DiskError(-synced, "syncing", dir);
  return absl::OkStatus();
}

absl::Status TillFiles::EnsureDir(const std::string& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return absl::OkStatus();
  const std::string parent = ParentOf(dir);
  if (parent != dir) {
    if (auto s = EnsureDir(parent); !s.ok()) return s;
  }
  if (const int made = fs_->MakeDir(dir, 0750); made < 0 && made != -EEXIST) {
    return DiskError(-made, "creating", dir);
  }
  return SyncDir(parent);
}

absl::Status TillFiles::WriteAtomically(const std::string& path,
                                        absl::string_view bytes) {
  const std::string tmp = path + kTmpSuffix;
  const int fd = fs_->Open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return DiskError(-fd, "creating", tmp);
  int err = 0;
  const char* doing = "writing";
  for (size_t done = 0; done < bytes.size() && err == 0;) {
    const ssize_t n = fs_->Write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && n != -EINTR) err = static_cast<int>(-n);
    if (n == 0) err = ENOSPC;  // a regular file that takes nothing is full
    if (n > 0) done += static_cast<size_t>(n);
  }
  if (err == 0) {
    doing = "syncing";
    if (const int synced = fs_->Fsync(fd); synced < 0) err = -synced;
  }
  // close() may report a write-back failure too: keep the first error.
  if (const int closed = fs_->Close(fd); closed < 0 && err == 0) {
    doing = "closing";
    err = -closed;
  }
  if (err == 0) {
    doing = "renaming";
    if (const int renamed = fs_->Rename(tmp, path); renamed < 0) err = -renamed;
  }
  if (err != 0) {
    fs_->Unlink(tmp);
    return DiskError(err, doing, tmp);
  }
  // If this fails the new content is in place but may not survive a crash.
  return SyncDir(ParentOf(path));
}

absl::StatusOr<std::optional<std::string>> TillFiles::ReadIfExists(
    const std::string& path) {
  const int fd = fs_->Open(path, O_RDONLY, 0);
  if (fd == -ENOENT) return std::optional<std::string>();
  if (fd < 0) return DiskError(-fd, "opening", path);
  std::string content;
  char buf[8192];
  for (;;) {
    const ssize_t n = fs_->Read(fd, buf, sizeof buf);
    if (n == -EINTR) continue;
    if (n < 0) {
      fs_->Close(fd);
      return DiskError(static_cast<int>(-n), "reading", path);
    }
    if (n == 0) break;
    content.append(buf, static_cast<size_t>(n));
  }
  fs_->Close(fd);
  return std::optional<std::string>(std::move(content));
}

absl::Status TillFiles::Remove(const std::string& path) {
  if (const int removed = fs_->Unlink(path); removed < 0 && removed != -ENOENT) {
    return DiskError(-removed, "removing", path);
  }
  return SyncDir(ParentOf(path));
}

absl::Status TillFiles::Move(const std::string& from, const std::string& to) {
  if (const int renamed = fs_->Rename(from, to); renamed < 0) {
    return DiskError(-renamed, "moving", from);
  }
  if (auto s = SyncDir(ParentOf(to)); !s.ok()) return s;
  return SyncDir(ParentOf(from));
}

absl::StatusOr<std::vector<std::string>> TillFiles::List(const std::string& dir,
                                                         absl::string_view suffix) const {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (absl::EndsWith(name, suffix)) names.push_back(name);
  }
  if (ec) return DiskError(ec.value(), "listing", dir);
  std::sort(names.begin(), names.end());
  return names;
}

int TillFiles::RemoveTemporaries(const std::string& dir) {
  auto names = List(dir, kTmpSuffix);
  if (!names.ok()) return 0;
  int removed = 0;
  for (const auto& name : *names) {
    if (fs_->Unlink((fs::path(dir) / name).string()) == 0) ++removed;
  }
  if (removed > 0) SyncDir(dir).IgnoreError();
  return removed;
}

}  // namespace tillstream
