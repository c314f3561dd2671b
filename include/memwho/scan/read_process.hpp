#pragma once
// Reading one process: identify (status, and stat and cmdline when needed) and measure
// (smaps_rollup, or Σ smaps on kernels without it). Both read through the process's directory,
// so every file of a record comes from one process even if its pid is reused meanwhile.
#include <vector>

#include "memwho/proc/proc_source.hpp"
#include "memwho/proc/process_record.hpp"
#include "memwho/scan/scan.hpp"

namespace memwho {

enum class IdentifyStatus {
  ok,          ///< identified (the record may still hold unknown values, with a problem noted)
  gone,        ///< the process exited: skip it silently
  unreadable,  ///< status refused (hidepid=1): only the pid is known
  malformed,   ///< status unreadable or not a status file: only the pid is known, problem noted
};

/// Reads the identity of the process in `dir` into `rec`. Sizes from status land in the record
/// too: they cost nothing more. When the leader is a zombie and other threads live, the sizes
/// and command come from a live thread (rec.mm_tid).
IdentifyStatus identify_process(const ProcSource& source, const ProcDir& dir, int pid,
                                const ScanNeeds& needs, ReadBuffer& buf, ProcessRecord& rec,
                                std::vector<ScanProblem>& problems);

/// Reads the command line of the identified `rec` (through its live thread when its leader is a
/// zombie) into rec.command and rec.program; "[name]" as ps when it has none.
void read_command(const ProcSource& source, const ProcDir& dir, ReadBuffer& buf, ProcessRecord& rec,
                  std::vector<ScanProblem>& problems);

/// The directory that holds the process's address space: `dir` itself, or task/TID of the live
/// thread that identify_process found, opened into `storage` (not open when that thread is gone).
const ProcDir& mm_dir(const ProcSource& source, const ProcDir& dir, const ProcessRecord& rec,
                      ProcDir& storage);

/// Reads the smaps counters into `rec`: smaps_rollup, or Σ smaps where the tree has no rollup.
/// Returns false when the process exited meanwhile (skip it silently).
bool measure_process(const ProcSource& source, const ProcDir& mm_dir, ReadBuffer& buf,
                     ProcessRecord& rec, std::vector<ScanProblem>& problems);

/// True when the process of `mm_dir` still has an address space (status still prints VmSize
/// and it is not a zombie): what tells an early end of smaps from a complete one, and an empty
/// rollup of an exiting process from a broken file.
bool still_has_address_space(const ProcSource& source, const ProcDir& mm_dir, ReadBuffer& buf);

}  // namespace memwho
