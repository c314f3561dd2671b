#pragma once
// The buffer reads land in, and how a read ended. One ReadBuffer is reused for every file of a
// scan, so a scan allocates once, not per file.
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace memwho {

/// How a read of a /proc file ended. procfs reports a process that has gone as ENOENT or ESRCH,
/// and refused access (ptrace check, hidepid, LSM) as EACCES or EPERM.
enum class ReadStatus { ok, gone, denied, failed };

struct ReadOutcome {
  ReadStatus status = ReadStatus::ok;
  int error = 0;  ///< errno for anything but ok (0 when `detail` says what went wrong)
  /// What is wrong when it is not an errno: "not a regular file (a FIFO)", ...
  const char* detail = nullptr;
  [[nodiscard]] bool ok() const { return status == ReadStatus::ok; }
};

/// Maps an errno of open()/read() on procfs to a ReadStatus.
ReadStatus classify_errno(int err);

/// The failure as words for a message: `detail`, or strerror(error).
const char* describe(const ReadOutcome& outcome);

/// A growable byte buffer.
class ReadBuffer {
 public:
  explicit ReadBuffer(std::size_t initial = 16 * 1024);
  void clear() { size_ = 0; }
  /// Room for at least `n` more bytes after the end; returns where they go.
  char* room(std::size_t n);
  [[nodiscard]] std::size_t room_left() const { return capacity_ - size_; }
  /// Counts `n` bytes written at room() as part of the text.
  void commit(std::size_t n) { size_ += n; }
  [[nodiscard]] std::string_view text() const { return {data_.get(), size_}; }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t capacity_;
  std::size_t size_ = 0;
};

}  // namespace memwho
