// The proc tree on disk: the live /proc, or a directory laid out like it (--proc-root).
#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <iterator>

#include "memwho/proc/proc_source.hpp"

namespace memwho {

ProcDir& ProcDir::operator=(ProcDir&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    open_ = std::exchange(other.open_, false);
  }
  return *this;
}

ProcDir::~ProcDir() {
  if (fd_ >= 0) ::close(fd_);
}

std::string pid_dir_name(int pid) {
  char name[16];
  const auto [end, ec] = std::to_chars(name, name + sizeof name, pid);
  return std::string(name, end);
}

std::optional<int> parse_pid(std::string_view name) {
  if (name.empty() || name.front() == '0') return std::nullopt;
  int pid = 0;
  const auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
  if (ec != std::errc{} || ptr != name.data() + name.size() || pid <= 0) return std::nullopt;
  return pid;
}

namespace {

std::vector<int> numeric_entries(int dirfd) {
  std::vector<int> numbers;
  // fdopendir takes ownership of its fd (and needs one opened for reading), so give it its own.
  const int dup_fd = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dup_fd < 0) return numbers;
  DIR* dir = ::fdopendir(dup_fd);
  if (dir == nullptr) {
    ::close(dup_fd);
    return numbers;
  }
  while (const dirent* entry = ::readdir(dir)) {
    if (auto n = parse_pid(entry->d_name)) numbers.push_back(*n);
  }
  ::closedir(dir);
  return numbers;
}

const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "not a regular file (a directory)";
  if (S_ISFIFO(mode)) return "not a regular file (a FIFO)";
  if (S_ISCHR(mode)) return "not a regular file (a character device)";
  if (S_ISBLK(mode)) return "not a regular file (a block device)";
  if (S_ISSOCK(mode)) return "not a regular file (a socket)";
  return "not a regular file";
}

/// A file opened for reading. Outside procfs (a --proc-root tree anyone may have built) only
/// regular files are read: a FIFO would block forever and /dev/zero never ends. O_NONBLOCK makes
/// opening a FIFO return at once so that fstat can refuse it.
int open_file(int dirfd, const char* name, bool trusted, ReadOutcome& outcome) {
  const int fd = ::openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    outcome = {classify_errno(errno), errno, nullptr};
    return -1;
  }
  if (!trusted) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      outcome = {ReadStatus::failed, errno, nullptr};
      ::close(fd);
      return -1;
    }
    if (!S_ISREG(st.st_mode)) {
      outcome = {ReadStatus::failed, 0, file_kind(st.st_mode)};
      ::close(fd);
      return -1;
    }
  }
  return fd;
}

long read_retrying(int fd, char* buf, std::size_t n) {
  for (;;) {
    const ssize_t got = ::read(fd, buf, n);
    if (got >= 0 || errno != EINTR) return static_cast<long>(got);
  }
}

// PAGEMAP_SCAN (Linux 6.7, include/uapi/linux/fs.h), spelled out: Debian 12's headers are 6.1.
struct PageRegion {
  std::uint64_t start, end, categories;
};
struct PmScanArg {
  std::uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
  std::uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
constexpr unsigned long kPagemapScan = _IOWR('f', 16, PmScanArg);
constexpr std::uint64_t kPageIsPresent = 1u << 3;
constexpr std::uint64_t kPageIsSwapped = 1u << 4;

class FdStream final : public FileStream {
 public:
  explicit FdStream(int fd) : fd_(fd) {}
  FdStream(const FdStream&) = delete;
  FdStream& operator=(const FdStream&) = delete;
  ~FdStream() override { ::close(fd_); }
  long read(char* buf, std::size_t n) override {
    const long got = read_retrying(fd_, buf, n);
    if (got < 0) outcome_ = {classify_errno(errno), errno, nullptr};
    return got;
  }
  long read_at(char* buf, std::size_t n, std::uint64_t offset) override {
    for (;;) {
      const ssize_t got = ::pread(fd_, buf, n, static_cast<off_t>(offset));
      if (got >= 0) return static_cast<long>(got);
      if (errno != EINTR) {
        outcome_ = {classify_errno(errno), errno, nullptr};
        return -1;
      }
    }
  }
  [[nodiscard]] ReadOutcome outcome() const override { return outcome_; }

  bool populated_ranges(std::uint64_t start, std::uint64_t end,
                        std::vector<std::pair<std::uint64_t, std::uint64_t>>& ranges) override {
    if (unsupported_) return false;
    PageRegion regions[512];
    PmScanArg arg{};
    arg.size = sizeof arg;
    arg.vec = reinterpret_cast<std::uintptr_t>(regions);
    arg.vec_len = std::size(regions);
    arg.category_anyof_mask = kPageIsPresent | kPageIsSwapped;
    arg.return_mask = kPageIsPresent | kPageIsSwapped;
    while (start < end) {
      arg.start = start;
      arg.end = end;
      arg.walk_end = 0;
      const int n = ::ioctl(fd_, kPagemapScan, &arg);
      if (n < 0) {
        if (errno == EINTR) continue;
        // ENOTTY/EINVAL: a kernel before 6.7; anything else: let the plain read find out.
        unsupported_ = true;
        return false;
      }
      for (int i = 0; i < n; ++i) {
        if (!ranges.empty() && ranges.back().second == regions[i].start) {
          ranges.back().second = regions[i].end;  // present next to swapped: one range
        } else {
          ranges.emplace_back(regions[i].start, regions[i].end);
        }
      }
      if (arg.walk_end <= start) break;  // no progress: never loop forever
      start = arg.walk_end;
    }
    return true;
  }

 private:
  int fd_;
  ReadOutcome outcome_;
  bool unsupported_ = false;
};

class DirProcSource final : public ProcSource {
 public:
  DirProcSource(int fd, std::string name, bool procfs)
      : root_(fd, ""), name_(std::move(name)), procfs_(procfs) {}

  [[nodiscard]] const std::string& name() const override { return name_; }

  [[nodiscard]] std::vector<int> list_pids() const override { return numeric_entries(root_.fd()); }

  [[nodiscard]] std::optional<int> self_pid() const override {
    char target[32];
    const ssize_t n = ::readlinkat(root_.fd(), "self", target, sizeof target);
    if (n <= 0 || static_cast<std::size_t>(n) >= sizeof target) return std::nullopt;
    return parse_pid(std::string_view(target, static_cast<std::size_t>(n)));
  }

  ProcDir open_dir(const ProcDir* parent, std::string_view name,
                   ReadOutcome& outcome) const override {
    const ProcDir& base = parent != nullptr ? *parent : root_;
    const std::string n(name);
    // O_PATH: under hidepid=1 opening /proc/PID to read fails with EPERM, while a path fd
    // opens and the files below it then say EPERM each: the process is there, unreadable.
    const int fd = ::openat(base.fd(), n.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      outcome = {classify_errno(errno), errno, nullptr};
      return {};
    }
    return {fd, base.path().empty() ? n : base.path() + "/" + n};
  }

  [[nodiscard]] std::vector<int> list_numbers(const ProcDir& dir) const override {
    return numeric_entries(dir.fd());
  }

  ReadOutcome read_file(const ProcDir& dir, const char* name, ReadBuffer& buf) const override {
    ReadOutcome outcome;
    buf.clear();
    const int fd = open_file(dir.fd(), name, procfs_, outcome);
    if (fd < 0) return outcome;
    for (;;) {
      if (buf.size() > kMaxFileBytes) {
        outcome = {ReadStatus::failed, 0, "larger than the 16 MiB memwho reads of one file"};
        break;
      }
      char* at = buf.room(4096);
      const long n = read_retrying(fd, at, buf.room_left());
      if (n < 0) {
        outcome = {classify_errno(errno), errno, nullptr};
        break;
      }
      if (n == 0) break;
      buf.commit(static_cast<std::size_t>(n));
    }
    ::close(fd);
    return outcome;
  }

  std::unique_ptr<FileStream> open_stream(const ProcDir& dir, const char* name,
                                          ReadOutcome& outcome) const override {
    const int fd = open_file(dir.fd(), name, procfs_, outcome);
    if (fd < 0) return nullptr;
    return std::make_unique<FdStream>(fd);
  }

  // Links are followed only in the live /proc: a --proc-root tree's could point anywhere.
  [[nodiscard]] std::optional<std::string> read_link(const ProcDir& dir,
                                                     const char* name) const override {
    if (!procfs_) return std::nullopt;
    char target[4096];
    const ssize_t n = ::readlinkat(dir.fd(), name, target, sizeof target);
    if (n <= 0 || static_cast<std::size_t>(n) >= sizeof target) return std::nullopt;
    return std::string(target, static_cast<std::size_t>(n));
  }

  [[nodiscard]] std::optional<LinkTarget> stat_link(const ProcDir& dir,
                                                    const char* name) const override {
    if (!procfs_) return std::nullopt;
    struct stat st {};
    if (::fstatat(dir.fd(), name, &st, 0) != 0) return std::nullopt;
    return LinkTarget{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                      static_cast<std::uint64_t>(st.st_size),
                      static_cast<std::uint64_t>(st.st_blocks) * 512};
  }

 private:
  ProcDir root_;
  std::string name_;
  bool procfs_;
};

}  // namespace

std::unique_ptr<ProcSource> open_proc_dir(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    error = path + ": " + std::strerror(errno);
    return nullptr;
  }
  // procfs files are always regular and bounded by the kernel; only other trees get checked.
  struct statfs fs {};
  const bool procfs = ::fstatfs(fd, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;
  return std::make_unique<DirProcSource>(fd, path, procfs);
}

}  // namespace memwho
