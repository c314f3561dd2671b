#pragma once
// What a capture records, read through the source seam (so a fake can inject faults): the raw
// files the views read of each selected process, as read; the cgroup files the group view reads
// of their cgroups; and the machine's meminfo and SysV shared memory table.
#include <cstddef>
#include <span>

#include "memwho/capture/capture_files.hpp"
#include "memwho/proc/process_record.hpp"

namespace memwho {

/// Reads the files of each of `records`' processes from `proc` into `files` (status, stat,
/// cmdline, cgroup, smaps_rollup; smaps when `maps`; the same of the live thread of a zombie
/// leader). A process gone meanwhile is left out and counted in meta.vanished; a refused or
/// failed read is recorded in meta.unread. Sets meta.processes.
void collect_processes(const ProcSource& proc, std::span<const ProcessRecord> records, bool maps,
                       CaptureFiles& files);

/// Reads the memory cgroup files of the records' cgroups (/proc/PID/cgroup, read by the scan)
/// from `sys` (a cgroup file system root) into `files`, exactly the files the group view reads.
void collect_cgroups(const ProcSource& sys, std::span<const ProcessRecord> records,
                     CaptureFiles& files);

/// Reads /proc/meminfo and /proc/sysvipc/shm into `files`.
void collect_machine(const ProcSource& proc, CaptureFiles& files);

/// The first line of the file `path` below `proc`'s root ("sys/kernel/osrelease"); empty when it
/// cannot be read.
std::string read_first_line(const ProcSource& proc, std::string_view dir, const char* name);

}  // namespace memwho
