#pragma once
// What a watch (--interval) remembers of the last sample's scan, so that the next one re-reads
// what may have changed rather than everything: a long watch of many processes must not spend
// a core. The policy (docs/design.md, "Watching cheaply"), with the staleness it allows:
//  - pids listed again that were identified and not selected are not read again (a pid reused
//    by a process that now matches is found at the next full pass);
//  - a selected process's smaps_rollup is read again when it is new (pid + start time), when a
//    size in its status changed, when a process of its name appeared, exited or changed in the
//    previous sample (a sibling's fork, exit or copy-on-write moves the PSS of the pages they
//    share), and at least every `every` samples (staggered by pid, so the cost is even), which
//    bounds the staleness of what status cannot see (a copy-on-write break that leaves RSS
//    as it was);
//  - a selected process whose stat shows the same start time, VSS and RSS (and whose rollup is
//    not due, and no process of its name moved) is taken whole from memory: one small read
//    instead of status, cmdline and smaps_rollup (its state and parent from that stat);
//  - a selected process's command line is taken from memory while it is the same process (pid
//    and start time); a title rewritten meanwhile shows at the next full pass;
//  - every `every` samples a full pass identifies every pid again.
// --descendants identifies every process every sample (the closure needs them all).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "memwho/proc/parse_stat.hpp"
#include "memwho/proc/process_record.hpp"

namespace memwho {

class ScanMemory {
 public:
  /// `every`: the longest a remembered rollup is used, in samples; 1 re-reads all each sample.
  explicit ScanMemory(std::uint32_t every = 10) : every_(every < 1 ? 1 : every) {}

  /// Starts the next sample (the first is 0).
  void begin_sample() { ++sample_; }
  /// True when this sample identifies every pid.
  [[nodiscard]] bool full_pass() const { return every_ == 1 || sample_ % every_ == 0; }
  /// True when `pid` was identified and not selected in the previous sample, and this sample
  /// need not look at it again. Safe from several threads.
  [[nodiscard]] bool skip(int pid) const;
  /// Fills rec's smaps counters from the remembered rollup when they still hold (see above);
  /// false when they must be read. Needs rec's identity and start time. Safe from several
  /// threads.
  bool reuse(ProcessRecord& rec) const;
  /// The process `pid` as the last sample read it, when `stat` (read now) says nothing moved
  /// (see above); nullopt: read it. Safe from several threads.
  [[nodiscard]] std::optional<ProcessRecord> recall(int pid, const StatInfo& stat) const;
  /// True when this sample may take `pid`'s command line from memory (it was selected last
  /// sample, and this is no full pass).
  [[nodiscard]] bool remembers_command(int pid) const;
  /// Fills rec's command and program from memory when rec is the process remembered (pid and
  /// start time); false when it must be read.
  bool fill_command(ProcessRecord& rec) const;
  /// After the scan: what it selected (and read), and the pids it identified but did not
  /// select.
  void update(const std::vector<ProcessRecord>& selected, const std::vector<int>& unselected);
  [[nodiscard]] std::uint32_t every() const { return every_; }

 private:
  struct Remembered {
    /// The process as last read (it has a start time): its status sizes, smaps counters, name
    /// and command line (a title rewritten meanwhile shows at the next full pass).
    ProcessRecord record;
    std::uint64_t expires = 0;  ///< the sample it must be read again in
  };
  std::uint32_t every_;
  std::uint64_t sample_ = 0;
  std::unordered_map<int, Remembered> selected_;
  std::unordered_set<int> unselected_;
  /// Names of processes that appeared, exited or changed in the last sample: their siblings
  /// are read again.
  std::unordered_set<std::string> moved_;
};

}  // namespace memwho
