#pragma once
// Reading /proc files the way the kernel makes cheap: openat() relative to a directory fd and a
// read() loop into one buffer that is reused for every file of a scan.
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

#include "memwho/proc/line_splitter.hpp"

namespace memwho {

/// How a read of a /proc file ended. procfs reports a process that has gone as ENOENT or ESRCH,
/// and refused access (ptrace check, hidepid, LSM) as EACCES or EPERM.
enum class ReadStatus { ok, gone, denied, failed };

struct ReadOutcome {
  ReadStatus status = ReadStatus::ok;
  int error = 0;  ///< errno for anything but ok
  [[nodiscard]] bool ok() const { return status == ReadStatus::ok; }
};

/// Maps an errno of open()/read() on procfs to a ReadStatus.
ReadStatus classify_errno(int err);

/// A growable byte buffer reused across reads, so a scan allocates once, not per file.
class ReadBuffer {
 public:
  explicit ReadBuffer(std::size_t initial = 16 * 1024);
  /// Reads the whole file dirfd/name into the buffer (replacing what was there).
  ReadOutcome read_file(int dirfd, const char* name);
  /// Reads dirfd/name in chunks and calls on_line for each complete line, without keeping the
  /// whole file: memory stays at one chunk however large the file (smaps can be hundreds of MB).
  template <class OnLine>
  ReadOutcome read_lines(int dirfd, const char* name, OnLine&& on_line);

  [[nodiscard]] std::string_view text() const { return {data_.get(), size_}; }

 private:
  int open_at(int dirfd, const char* name, ReadOutcome& outcome) const;
  /// read() once into data_[size_..capacity_), retrying EINTR; returns bytes or -1.
  long read_some(int fd);
  void grow();

  std::unique_ptr<char[]> data_;
  std::size_t capacity_;
  std::size_t size_ = 0;
};

template <class OnLine>
ReadOutcome ReadBuffer::read_lines(int dirfd, const char* name, OnLine&& on_line) {
  ReadOutcome outcome;
  const int fd = open_at(dirfd, name, outcome);
  if (fd < 0) return outcome;
  LineSplitter lines;
  for (;;) {
    size_ = 0;
    const long n = read_some(fd);
    if (n < 0) {
      outcome = {classify_errno(errno), errno};
      break;
    }
    if (n == 0) break;
    lines.feed(std::string_view(data_.get(), static_cast<std::size_t>(n)), on_line);
  }
  lines.finish(on_line);
  ::close(fd);
  return outcome;
}

}  // namespace memwho
