#pragma once
// The mapped objects of a set of processes added up (--maps --by=file's rows) without a report:
// what `memwho diff --maps --by=file` compares on each side.
#include <vector>

#include "memwho/aggregate/file_usage.hpp"
#include "memwho/proc/proc_source.hpp"
#include "memwho/proc/process_record.hpp"

namespace memwho {

struct ObjectsRead {
  FileUsageTable objects;   ///< every mapping of the processes read completely
  std::vector<int> unread;  ///< pids whose smaps could not be read whole: left out of the sums
};

/// Reads the smaps of each record (read_mappings: the start time guards against a reused pid)
/// and adds its mappings up by object; a process not read whole is left out and named.
ObjectsRead read_objects(const ProcSource& source, const std::vector<ProcessRecord>& records);

}  // namespace memwho
