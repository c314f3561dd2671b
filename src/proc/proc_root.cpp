#include "memwho/proc/proc_root.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <utility>

#include "memwho/proc/parse_cmdline.hpp"
#include "memwho/proc/parse_smaps.hpp"
#include "memwho/proc/parse_stat.hpp"
#include "memwho/proc/parse_status.hpp"

namespace memwho {
namespace {

std::optional<int> parse_pid(std::string_view s) {
  int pid = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), pid);
  if (ec != std::errc{} || ptr != s.data() + s.size() || pid <= 0) return std::nullopt;
  return pid;
}

}  // namespace

std::optional<ProcRoot> ProcRoot::open(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    error = std::string(path) + ": " + std::strerror(errno);
    return std::nullopt;
  }
  return ProcRoot(fd, path);
}

ProcRoot::ProcRoot(ProcRoot&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

ProcRoot::~ProcRoot() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<int> ProcRoot::list_pids() const {
  std::vector<int> pids;
  // fdopendir takes ownership of its fd, so give it a duplicate and keep ours.
  const int dup_fd = ::openat(fd_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dup_fd < 0) return pids;
  DIR* dir = ::fdopendir(dup_fd);
  if (dir == nullptr) {
    ::close(dup_fd);
    return pids;
  }
  while (const dirent* entry = ::readdir(dir)) {
    if (auto pid = parse_pid(entry->d_name)) pids.push_back(*pid);
  }
  ::closedir(dir);
  return pids;
}

std::optional<int> ProcRoot::self_pid() const {
  char target[32];
  const ssize_t n = ::readlinkat(fd_, "self", target, sizeof target);
  if (n <= 0 || static_cast<std::size_t>(n) >= sizeof target) return std::nullopt;
  return parse_pid(std::string_view(target, static_cast<std::size_t>(n)));
}

PidDir::PidDir(const ProcRoot& root, int pid) {
  char name[16];
  const auto [end, ec] = std::to_chars(name, name + sizeof name - 1, pid);
  *end = '\0';
  fd_ = ::openat(root.fd(), name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ < 0) outcome_ = {classify_errno(errno), errno};
}

PidDir::~PidDir() {
  if (fd_ >= 0) ::close(fd_);
}

IdentifyStatus identify_process(const PidDir& dir, int pid, bool want_cmdline, ReadBuffer& buf,
                                ProcessRecord& rec) {
  rec.pid = pid;
  const ReadOutcome status_read = buf.read_file(dir.fd(), "status");
  if (status_read.status == ReadStatus::gone) return IdentifyStatus::gone;
  if (!status_read.ok() || buf.text().empty()) {
    // An empty status means the task was reaped while we read it.
    if (status_read.ok()) return IdentifyStatus::gone;
    return IdentifyStatus::unreadable;
  }
  StatusInfo st = parse_status(buf.text());
  rec.identity_known = true;
  rec.name = std::move(st.name);
  rec.state = st.state;
  rec.ppid = st.ppid;
  rec.uid = st.uid;
  rec.has_mm = st.has_address_space() && st.state != 'Z';
  rec.vm_size = st.vm_size;
  rec.vm_rss = st.vm_rss;
  rec.rss_anon = st.rss_anon;
  rec.rss_file = st.rss_file;
  rec.rss_shmem = st.rss_shmem;
  rec.vm_swap = st.vm_swap;
  if (st.kthread) {
    rec.kernel_thread = *st.kthread;
  } else if (!rec.has_mm && st.state != 'Z') {
    // Kernels before 6.x print no "Kthread:" line; PF_KTHREAD in stat tells a kernel thread
    // from a process that merely has no mm. Only these rare records pay for reading stat.
    if (buf.read_file(dir.fd(), "stat").ok()) {
      if (auto stat = parse_stat(buf.text())) rec.kernel_thread = stat->is_kernel_thread();
    }
  }
  if (want_cmdline && rec.has_mm) {
    // cmdline is NUL-separated argv (or one string rewritten by setproctitle). Unreadable or
    // empty cmdline just leaves the command empty: the name still identifies the process.
    if (buf.read_file(dir.fd(), "cmdline").ok()) {
      CommandLine cmdline = parse_cmdline(buf.text());
      rec.command = std::move(cmdline.command);
      rec.program = std::move(cmdline.program);
    }
  }
  if (want_cmdline && rec.command.empty()) {
    // No command line (kernel thread, zombie, or argv cleared): show the name as ps does.
    rec.command = "[" + rec.name + "]";
    if (rec.state == 'Z') rec.command += " <defunct>";
  }
  return IdentifyStatus::ok;
}

bool measure_process(const PidDir& dir, ReadBuffer& buf, ProcessRecord& rec) {
  if (!rec.has_mm) {
    rec.smaps_origin = SmapsOrigin::no_mm;
    return true;
  }
  ReadOutcome read = buf.read_file(dir.fd(), "smaps_rollup");
  if (read.ok()) {
    rec.smaps = sum_smaps_counters(buf.text());
    // The kernel prints an empty rollup once the mm is gone: the process exited meanwhile.
    if (rec.smaps.empty()) return false;
    rec.smaps_origin = SmapsOrigin::rollup;
    return true;
  }
  if (read.status == ReadStatus::gone && read.error == ENOENT) {
    // No smaps_rollup file: a kernel before 4.14 (or a tree captured from one). Sum smaps.
    SmapsCounters total;
    read = buf.read_lines(dir.fd(), "smaps",
                          [&total](std::string_view line) { add_counter_line(total, line); });
    if (read.ok()) {
      if (total.empty()) return false;
      rec.smaps = total;
      rec.smaps_origin = SmapsOrigin::smaps_sum;
      return true;
    }
  }
  switch (read.status) {
    case ReadStatus::gone:
      return false;
    case ReadStatus::denied:
      rec.smaps_origin = SmapsOrigin::denied;
      break;
    default:
      rec.smaps_origin = SmapsOrigin::failed;
      break;
  }
  rec.smaps_errno = read.error;
  return true;
}

}  // namespace memwho
