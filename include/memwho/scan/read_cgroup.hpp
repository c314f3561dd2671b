#pragma once
// What a memory cgroup is charged, read from a cgroup file system (--sys-root, default
// /sys/fs/cgroup) through the same source interface as /proc. Layout: the v1 memory controller
// under memory/, the v2 unified hierarchy at the root (pure v2) or under unified/ (hybrid).
#include <optional>

#include "memwho/proc/parse_cgroup.hpp"
#include "memwho/proc/proc_source.hpp"

namespace memwho {

/// The cgroup's own accounting; nullopt when its directory or files cannot be read (the root
/// cgroup of v2 has no memory.current).
std::optional<CgroupMemory> read_cgroup_memory(const ProcSource& sys, const CgroupPath& cgroup);

}  // namespace memwho
