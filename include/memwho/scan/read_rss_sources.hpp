#pragma once
// --explain's reads: every file the kernel reports a process's RSS in, read one right after the
// other (stat, statm, status, smaps_rollup, then smaps streamed), each with the moment its read
// ended, so the differences between them can be told from the moment they were taken.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "memwho/proc/parse_stat.hpp"
#include "memwho/proc/parse_statm.hpp"
#include "memwho/proc/parse_status.hpp"
#include "memwho/proc/process_record.hpp"
#include "memwho/proc/smaps_counters.hpp"
#include "memwho/scan/read_mappings.hpp"

namespace memwho {

/// One file's read: how it ended and when (microseconds after the first read began).
struct TimedRead {
  ReadOutcome read;
  std::uint64_t done_us = 0;
  bool attempted = false;
};

/// A mapping with much address space and little of it resident.
struct ReservedMapping {
  std::string name;  ///< the object, kernel escapes undone, or "[anon]"
  std::uint64_t size_kib = 0;
  std::uint64_t not_resident_kib = 0;  ///< Size - Rss - hugetlb pages
};

/// What Σ smaps says, beyond its counters.
struct SmapsSummary {
  SmapsCounters sum;  ///< every counter added over the mappings
  std::size_t mappings = 0;
  /// The smallest KernelPageSize of a mapping: the base page size of the kernel that printed it.
  std::optional<std::uint64_t> page_kib;
  std::size_t pfnmap_mappings = 0;       ///< VmFlags "pf" or "io": device or kernel pages, no RSS
  std::uint64_t pfnmap_kib = 0;          ///< their Size
  std::uint64_t vsyscall_kib = 0;        ///< [vsyscall]: in smaps, not in VmSize
  std::vector<ReservedMapping> largest;  ///< the 3 with most not resident, most first
};

struct RssSources {
  TimedRead stat_read, statm_read, status_read, rollup_read, smaps_read;
  std::optional<StatInfo> stat;
  std::optional<StatmInfo> statm;
  std::optional<StatusInfo> status;
  std::optional<SmapsCounters> rollup;
  std::optional<SmapsSummary> smaps;
  MappingsOutcome smaps_outcome = MappingsOutcome::complete;
  bool gone = false;  ///< the process (as the scan saw it) is no longer there
};

/// Reads every RSS source of the process `rec` describes (its pid and start time).
RssSources read_rss_sources(const ProcSource& source, const ProcessRecord& rec);

}  // namespace memwho
