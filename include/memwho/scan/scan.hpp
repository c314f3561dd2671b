#pragma once
// The scan: list pids, identify each (status, cmdline), select, then measure only the selected
// ones (smaps_rollup). Runs on several threads: the kernel's page-table walks of different
// processes do not contend, so the walk behind PSS/USS scales with cores.
#include <cstddef>
#include <string>
#include <vector>

#include "memwho/proc/proc_source.hpp"
#include "memwho/proc/process_record.hpp"
#include "memwho/scan/scan_memory.hpp"
#include "memwho/select/selector.hpp"

namespace memwho {

/// What a scan must read, derived from the requested columns, sort key, selectors and view.
struct ScanNeeds {
  bool cmdline = false;     ///< command column, or -n/-f matching
  bool smaps = false;       ///< any PSS/USS/shared/swap column or sort key
  bool start_time = false;  ///< stat's start time, to know a pid was not reused when reread
  bool cgroup = false;      ///< /proc/PID/cgroup (--group=cgroup)
};

struct ScanRequest {
  Selector selector;
  ScanNeeds needs;
  unsigned jobs = 1;  ///< threads; 1 = scan on the calling thread only
  /// --descendants: also every descendant of a selected process (by PPid). The scan then
  /// identifies every process first, selects, closes over the children, and only then
  /// measures what it will report.
  bool descendants = false;
  /// A watch's memory of the previous sample: what need not be read again (optional).
  const ScanMemory* memory = nullptr;
};

/// A per-process problem worth a line on stderr (never a silent skip): a read error other than
/// "gone" or "refused", or a file that is not what the kernel prints.
struct ScanProblem {
  int pid = 0;
  std::string file;  ///< "status", "smaps_rollup", "task/124/status"...
  std::string what;  ///< "Is a directory", "VmRSS is not '<digits> kB'"...
};

/// A -p pid that is a thread of another process: the process is reported instead.
struct ThreadPid {
  int tid = 0;
  int tgid = 0;
};

struct ScanResult {
  std::vector<ProcessRecord> records;  ///< selected processes, in pid-list order
  std::vector<int> missing_pids;       ///< -p pids that do not exist
  std::vector<ThreadPid> thread_pids;  ///< -p pids that were thread ids
  std::size_t listed = 0;              ///< pids looked at
  std::size_t unidentified = 0;        ///< status refused (hidepid=1): reported by pid only
  std::size_t smaps_denied = 0;        ///< selected, but smaps_rollup refused
  std::size_t vanished = 0;            ///< listed, but exited while being read (not reported)
  std::vector<ScanProblem> problems;   ///< unexpected read errors and malformed files
  /// With a memory: the pids identified and not selected (the next sample skips them), and
  /// how many selected processes' counters were remembered rather than read.
  std::vector<int> unselected;
  std::size_t reused = 0;
};

/// Scans the tree. Never throws for per-process trouble: a process that exits during the scan
/// is skipped silently, anything else is counted in the result.
ScanResult scan(const ProcSource& source, const ScanRequest& request);

}  // namespace memwho
