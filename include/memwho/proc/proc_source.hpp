#pragma once
// Where memwho reads a proc tree from. Every read of the tool goes through this one interface:
// the live /proc or a directory laid out like it (--proc-root; DirProcSource), or an in-memory
// fake in tests, which injects EACCES, ESRCH and EIO in the middle of a read even as root, and
// changes a tree between two reads (pid reuse). A captured archive is read the same way.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "memwho/proc/read_buffer.hpp"

namespace memwho {

/// The most memwho reads of one whole file (status, stat, cmdline, smaps_rollup). A status with
/// 65,536 groups is about 400 KiB; anything near this cap is not a /proc file.
inline constexpr std::size_t kMaxFileBytes = std::size_t{16} << 20;
/// The longest line a streamed file (smaps) may have: a path is at most 4,096 bytes.
inline constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

/// An open directory of a proc tree: /proc/PID, or /proc/PID/task/TID. Files read relative to
/// it all come from the process it was opened on, even if its pid is reused meanwhile.
class ProcDir {
 public:
  ProcDir() = default;
  /// `fd` (owned; -1 for sources without descriptors) and its path below the root ("123",
  /// "123/task/124").
  ProcDir(int fd, std::string path) : fd_(fd), path_(std::move(path)), open_(true) {}
  ProcDir(ProcDir&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)),
        path_(std::move(other.path_)),
        open_(std::exchange(other.open_, false)) {}
  ProcDir& operator=(ProcDir&& other) noexcept;
  ProcDir(const ProcDir&) = delete;
  ProcDir& operator=(const ProcDir&) = delete;
  ~ProcDir();

  [[nodiscard]] bool is_open() const { return open_; }
  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
  bool open_ = false;
};

/// A file read in pieces (smaps can be hundreds of MB).
class FileStream {
 public:
  virtual ~FileStream() = default;
  /// Reads up to `n` bytes into `buf`: the count, 0 at the end, or -1 after an error (then
  /// outcome() says which).
  virtual long read(char* buf, std::size_t n) = 0;
  /// Reads up to `n` bytes at `offset` without moving the stream (pread: pagemap and
  /// kpagecount are arrays read where they are needed), with read()'s results.
  virtual long read_at(char* buf, std::size_t n, std::uint64_t offset) = 0;
  [[nodiscard]] virtual ReadOutcome outcome() const = 0;
  /// pagemap only: the ranges of pages in [start, end) (addresses) that are resident or
  /// swapped, appended to `ranges` as [first, end) addresses, from the kernel's PAGEMAP_SCAN
  /// (6.7+) which skips what is not populated without 8 bytes a page. False when the file or
  /// kernel cannot say: the caller then reads the entries themselves.
  virtual bool populated_ranges(std::uint64_t /*start*/, std::uint64_t /*end*/,
                                std::vector<std::pair<std::uint64_t, std::uint64_t>>& /*ranges*/) {
    return false;
  }
};

/// What stat() says of the object a link names (/proc/PID/fd/N, /proc/PID/map_files/A-B).
struct LinkTarget {
  std::uint64_t dev = 0, ino = 0;
  std::uint64_t size_bytes = 0;       ///< st_size
  std::uint64_t allocated_bytes = 0;  ///< st_blocks * 512: tmpfs and shmem count resident + swapped
};

/// What a capture (memwho capture FILE) recorded of the machine and moment it was taken.
struct CaptureInfo {
  std::string host;     ///< the host name
  std::string kernel;   ///< the kernel release (uname -r)
  std::string time;     ///< ISO 8601 with zone, when the capture was taken
  std::string boot_id;  ///< /proc/sys/kernel/random/boot_id: same boot, same pids and start times
  std::vector<std::pair<std::uint32_t, std::string>> users;  ///< the uids seen, with their names
};

class ProcSource {
 public:
  virtual ~ProcSource() = default;
  /// What the tree is, for messages: "/proc", "fixtures/proc-basic".
  [[nodiscard]] virtual const std::string& name() const = 0;
  /// The numeric entries of the root (thread-group leaders), in directory order.
  [[nodiscard]] virtual std::vector<int> list_pids() const = 0;
  /// The pid "self" points at, when the tree has one (the live /proc does).
  [[nodiscard]] virtual std::optional<int> self_pid() const = 0;
  /// Opens directory `name` below `parent` (below the root when `parent` is null).
  virtual ProcDir open_dir(const ProcDir* parent, std::string_view name,
                           ReadOutcome& outcome) const = 0;
  /// The numeric entries of a directory (a process's task/ directory).
  [[nodiscard]] virtual std::vector<int> list_numbers(const ProcDir& dir) const = 0;
  /// Reads the whole file `name` of `dir` into `buf` (replacing what was there); at most
  /// kMaxFileBytes, and only a regular file.
  virtual ReadOutcome read_file(const ProcDir& dir, const char* name, ReadBuffer& buf) const = 0;
  /// Opens the file `name` of `dir` to read in pieces; nullptr (and `outcome`) on failure.
  virtual std::unique_ptr<FileStream> open_stream(const ProcDir& dir, const char* name,
                                                  ReadOutcome& outcome) const = 0;
  /// The target of the link `name` of `dir` (a /proc/PID/fd entry); nullopt when it cannot be
  /// read, or the tree has no links (only the live /proc is asked).
  [[nodiscard]] virtual std::optional<std::string> read_link(const ProcDir& /*dir*/,
                                                             const char* /*name*/) const {
    return std::nullopt;
  }
  /// stat() through the link `name` of `dir`; nullopt when refused (map_files needs
  /// CAP_SYS_ADMIN) or the tree has no links.
  [[nodiscard]] virtual std::optional<LinkTarget> stat_link(const ProcDir& /*dir*/,
                                                            const char* /*name*/) const {
    return std::nullopt;
  }
  /// What the capture this tree was read from says of its machine and moment; null for a live
  /// or hand-made tree.
  [[nodiscard]] virtual const CaptureInfo* capture() const { return nullptr; }
  /// The cgroup files recorded with this tree (a capture's), read when --sys-root is not given;
  /// null for a live or hand-made tree (then --sys-root, default /sys/fs/cgroup, is read).
  [[nodiscard]] virtual const ProcSource* recorded_cgroups() const { return nullptr; }
};

/// The live /proc, or a directory laid out like it: openat() relative to directory fds and a
/// read() loop into the caller's buffer. nullptr (and `error`, naming the path) when `path`
/// cannot be opened as a directory.
std::unique_ptr<ProcSource> open_proc_dir(const std::string& path, std::string& error);

/// The directory name of a pid or tid: its decimal digits.
std::string pid_dir_name(int pid);

/// Parses a pid as a directory name: digits only, no leading zero, in range. "0100" is not 100.
std::optional<int> parse_pid(std::string_view name);

}  // namespace memwho
