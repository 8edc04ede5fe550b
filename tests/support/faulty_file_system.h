// A FileSystem over the real one that fails the way real disks do: full
// (ENOSPC once the space left is written, possibly midway through a write),
// read-only (EROFS), and fsyncs that fail with EIO. For the till's file
// layer tests.
#ifndef TILLSTREAM_TESTS_SUPPORT_FAULTY_FILE_SYSTEM_H_
#define TILLSTREAM_TESTS_SUPPORT_FAULTY_FILE_SYSTEM_H_

#include <fcntl.h>

#include <atomic>
#include <cerrno>
#include <cstdint>

#include "terminal/till_files.h"

namespace tillstream {

class FaultyFileSystem : public FileSystem {
 public:
  std::atomic<int64_t> space_left{-1};  // bytes writes may still take; -1: no limit
  std::atomic<bool> read_only{false};
  std::atomic<int> fsyncs_before_failing{0};  // that many succeed first, then
  std::atomic<int> failing_fsyncs{0};         // the next N fsyncs fail with EIO
  std::atomic<int> fsyncs{0};                 // how many were attempted

  int Open(const std::string& path, int flags, mode_t mode) override {
    if (read_only && (flags & (O_WRONLY | O_RDWR | O_CREAT)) != 0) return -EROFS;
    return FileSystem::Open(path, flags, mode);
  }
  ssize_t Write(int fd, const char* data, size_t size) override {
    if (space_left >= 0) {
      if (space_left == 0) return -ENOSPC;
      size = std::min<size_t>(size, static_cast<size_t>(space_left.load()));
      space_left -= static_cast<int64_t>(size);
    }
    return FileSystem::Write(fd, data, size);
  }
  int Fsync(int fd) override {
    ++fsyncs;
    if (fsyncs_before_failing > 0) {
      --fsyncs_before_failing;
    } else if (failing_fsyncs > 0) {
      --failing_fsyncs;
      return -EIO;
    }
    return FileSystem::Fsync(fd);
  }
  int Rename(const std::string& from, const std::string& to) override {
    return read_only ? -EROFS : FileSystem::Rename(from, to);
  }
  int Unlink(const std::string& path) override {
    return read_only ? -EROFS : FileSystem::Unlink(path);
  }
  int MakeDir(const std::string& path, mode_t mode) override {
    return read_only ? -EROFS : FileSystem::MakeDir(path, mode);
  }
};

}  // namespace tillstream

#endif  // TILLSTREAM_TESTS_SUPPORT_FAULTY_FILE_SYSTEM_H_
