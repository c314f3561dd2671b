#pragma once
// Reading the mappings of one selected process for the maps view: smaps streamed through a
// parser on a second thread, then the checks that make a listing trustworthy (the process did
// not exit mid-read, its pid was not reused) and the exact totals of smaps_rollup. The front end
// gets rows through the sink and an outcome, and prints; nothing here writes.
#include <cstddef>
#include <functional>
#include <optional>

#include "memwho/proc/parse_smaps.hpp"
#include "memwho/proc/proc_source.hpp"
#include "memwho/proc/process_record.hpp"

namespace memwho {

enum class MappingsOutcome {
  complete,   ///< every mapping, from a process that still runs
  no_mm,      ///< a kernel thread or a zombie: no user memory
  gone,       ///< exited before its mappings could be read
  reused,     ///< its pid is now another process (start time differs)
  denied,     ///< smaps refused (ptrace check, LSM)
  failed,     ///< another read error, or not smaps at all
  cut_short,  ///< the process exited during the read: the rows given are not all of them
};

struct MappingsRead {
  MappingsOutcome outcome = MappingsOutcome::complete;
  ReadOutcome read;          ///< the read's own outcome (for denied and failed)
  std::size_t mappings = 0;  ///< rows given to the sink
  /// smaps_rollup, read right after smaps through the same directory: exact PSS totals.
  std::optional<SmapsCounters> exact;
};

/// Takes one mapping; returns false to stop reading (the reader of the output went away).
using MappingSink = std::function<bool(const Mapping&)>;

/// Streams the mappings of `rec` (as the scan identified it) to `sink`. When the scan read the
/// start time, a pid that now belongs to another process is refused before anything is read.
MappingsRead read_mappings(const ProcSource& source, const ProcessRecord& rec, ReadBuffer& buf,
                           const MappingSink& sink);

}  // namespace memwho
