#pragma once
// One process as memwho reports it: identity from status and cmdline, sizes from status, and the
// smaps counters (from smaps_rollup, or summed from smaps where the kernel has no rollup).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "memwho/model/frees_row.hpp"
#include "memwho/model/row_change.hpp"
#include "memwho/proc/parse_cgroup.hpp"
#include "memwho/proc/smaps_counters.hpp"

namespace memwho {

/// An optional value kept on the heap: a record pays one pointer for what only one view fills
/// (a scan of thousands of processes holds every record at once). Copies are deep.
template <class T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(const Boxed& other) : p_(other.p_ ? std::make_unique<T>(*other.p_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) {
    if (this != &other) p_ = other.p_ ? std::make_unique<T>(*other.p_) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  Boxed& operator=(T value) {
    p_ = std::make_unique<T>(std::move(value));
    return *this;
  }
  Boxed& operator=(std::optional<T> value) {
    p_ = value ? std::make_unique<T>(std::move(*value)) : nullptr;
    return *this;
  }
  ~Boxed() = default;

  explicit operator bool() const { return p_ != nullptr; }
  T& operator*() const { return *p_; }
  T* operator->() const { return p_.get(); }

 private:
  std::unique_ptr<T> p_;
};

/// Where the smaps counters of a record came from, or why there are none.
enum class SmapsOrigin : std::uint8_t {
  not_read,   ///< no requested column needed them
  rollup,     ///< /proc/PID/smaps_rollup: the kernel's own one-pass totals
  smaps_sum,  ///< Σ /proc/PID/smaps (kernels before 4.14); per-mapping Pss truncation applies
  no_mm,      ///< kernel thread or zombie: no address space, every size is truly 0
  denied,     ///< EACCES/EPERM: ptrace check, hidepid, LSM or sandbox policy
  failed,     ///< any other read error, or a file that is not a rollup at all
};

struct ProcessRecord {
  int pid = 0;
  std::optional<int> ppid;
  /// The thread whose /proc/PID/task/TID holds the address space, when the leader is a zombie
  /// (it called pthread_exit()) while other threads run on; 0 = the process's own directory.
  int mm_tid = 0;
  std::optional<std::uint64_t>
      start_time;  ///< stat field 22, when asked for: pid + this = one process
  /// stat's vsize (bytes) and rss (pages) as read with start_time: a watch compares the next
  /// sample's stat with them (not with status, whose counters are summed exactly since 6.16
  /// while stat's are the batched ones).
  std::optional<std::pair<std::uint64_t, std::uint64_t>> stat_sizes;
  std::optional<std::uint32_t> uid;
  std::string user;     ///< user name for uid, or the uid as digits when it has no name
  std::string name;     ///< comm: raw bytes (may hold anything but NUL)
  std::string command;  ///< cmdline, NULs turned into spaces; "[name]" when there is none (as ps)
  /// The program the command line names: argv[0]'s first word without its directory, a login
  /// shell's leading '-' or a title's trailing ':' ("/usr/bin/psql" -> "psql", "postgres:
  /// checkpointer" -> "postgres", "-bash" -> "bash"). Empty when there is no command line.
  std::string program;
  char state = '?';
  bool kernel_thread = false;
  bool identity_known = false;  ///< status could be read (hidepid=1 refuses even that)
  bool has_mm = false;          ///< status printed Vm* lines

  // From status, in KiB (exact on kernels with commit 82241a83cd15, 6.16 and 6.12.y).
  std::optional<std::uint64_t> vm_size, vm_rss, rss_anon, rss_file, rss_shmem, vm_swap;

  SmapsCounters smaps;
  SmapsOrigin smaps_origin = SmapsOrigin::not_read;
  /// The counters are a watch's remembered ones, not read this sample (scan/scan_memory.hpp).
  bool smaps_reused = false;

  /// The memory cgroup (/proc/PID/cgroup), when --group=cgroup asked for it.
  Boxed<CgroupPath> cgroup;

  /// Where the process sits in --tree, and what its subtree (itself and the descendants shown)
  /// adds up to. Filled by the tree builder; absent outside the tree view.
  struct TreePosition {
    int depth = 0;
    std::string drawn;  ///< the command, indented and branched as tree(1) draws it
    std::size_t processes = 1;
    std::optional<std::uint64_t> pss, uss;  ///< over the processes whose figures are known
    bool partial = false;                   ///< some process's were unknown: a lower bound
  };
  Boxed<TreePosition> tree;

  /// What stopping this process alone frees, and how its frames are shared with the others
  /// measured with it; filled when a column needs page frames.
  Boxed<FreesRow> frees;
  Boxed<SharingRow> sharing;
  /// How it moved since the previous sample of a watch (--interval).
  Boxed<RowChange> change;

  /// A size from status; 0 for a process without address space, absent when unreadable.
  [[nodiscard]] std::optional<std::uint64_t> status_size(
      const std::optional<std::uint64_t>& v) const {
    if (identity_known && !has_mm) return 0;
    return v;
  }
  /// A size from the smaps counters; 0 without address space, absent when not read or refused.
  [[nodiscard]] std::optional<std::uint64_t> smaps_size(SmapsKey key) const {
    switch (smaps_origin) {
      case SmapsOrigin::rollup:
      case SmapsOrigin::smaps_sum:
        return smaps.get(key);
      case SmapsOrigin::no_mm:
        return 0;
      default:
        return std::nullopt;
    }
  }
  [[nodiscard]] std::optional<std::uint64_t> uss() const {
    if (smaps_origin == SmapsOrigin::no_mm) return 0;
    return smaps_known() ? smaps.uss() : std::nullopt;
  }
  [[nodiscard]] std::optional<std::uint64_t> shared() const {
    if (smaps_origin == SmapsOrigin::no_mm) return 0;
    return smaps_known() ? smaps.shared() : std::nullopt;
  }
  [[nodiscard]] bool smaps_known() const {
    return smaps_origin == SmapsOrigin::rollup || smaps_origin == SmapsOrigin::smaps_sum;
  }
};

}  // namespace memwho
