#pragma once
// The scan: list pids, identify each (status, cmdline), select, then measure only the selected
// ones (smaps_rollup). Runs on several threads: the kernel's page-table walks of different
// processes do not contend, so the walk behind PSS/USS scales with cores.
#include <cstddef>
#include <string>
#include <vector>

#include "memwho/proc/proc_root.hpp"
#include "memwho/select/selector.hpp"

namespace memwho {

/// What a scan must read, derived from the requested columns, sort key and selectors.
struct ScanNeeds {
  bool cmdline = false;  ///< command column, or -n matching the command's first word
  bool smaps = false;    ///< any PSS/USS/shared/swap column or sort key
};

struct ScanRequest {
  Selector selector;
  ScanNeeds needs;
  unsigned jobs = 1;  ///< threads; 1 = scan on the calling thread only
};

/// A per-process problem worth one line on stderr (never a silent skip).
struct ScanProblem {
  int pid = 0;
  std::string file;
  int error = 0;  ///< errno
};

struct ScanResult {
  std::vector<ProcessRecord> records;  ///< selected processes, in pid-list order
  std::vector<int> missing_pids;       ///< -p pids that do not exist
  std::size_t listed = 0;              ///< pids looked at
  std::size_t unidentified = 0;        ///< status unreadable (hidepid=1): reported by pid only
  std::size_t smaps_denied = 0;        ///< selected, but smaps_rollup refused
  std::vector<ScanProblem> failures;   ///< unexpected read errors (EIO, ...)
};

/// Scans the tree. Never throws for per-process trouble: a process that exits during the scan
/// is skipped silently, anything else is counted in the result.
ScanResult scan(const ProcRoot& root, const ScanRequest& request);

}  // namespace memwho
