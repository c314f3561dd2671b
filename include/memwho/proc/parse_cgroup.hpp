#pragma once
// Pure parsers for cgroup files: /proc/PID/cgroup (which memory cgroup a process is in) and a
// memory cgroup's own accounting (v2 memory.current and memory.stat; v1 memory.usage_in_bytes,
// memory.kmem.usage_in_bytes and memory.stat).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace memwho {

/// The memory cgroup of a process.
struct CgroupPath {
  bool v1 = false;   ///< from a v1 "N:...memory...:/path" line; else the v2 "0::/path" line
  std::string path;  ///< "/system.slice/nginx.service", " (deleted)" stripped
};

/// Parses /proc/PID/cgroup: the v1 memory controller's line when there is one (hybrid systems
/// keep memory on v1), else the v2 unified line. nullopt when neither is there.
std::optional<CgroupPath> parse_proc_cgroup(std::string_view text);

/// A systemd unit ("nginx.service", "session-3.scope") or a container id (64 hex digits, or a
/// "docker-<id>.scope") named by the last component of a cgroup path; empty when it is neither.
std::string cgroup_unit(std::string_view path);

/// What a memory cgroup is charged, in KiB (the files give bytes). Absent: not in this version's
/// files, or unreadable.
struct CgroupMemory {
  std::optional<std::uint64_t> charge;  ///< v2 memory.current; v1 memory.usage_in_bytes
  std::optional<std::uint64_t> anon;    ///< v2 anon; v1 total_rss (rss)
  std::optional<std::uint64_t> file;    ///< v2 file; v1 total_cache (cache): page cache, tmpfs
  std::optional<std::uint64_t> shmem;   ///< v2 shmem; v1 total_shmem (shmem): part of file
  std::optional<std::uint64_t> mapped;  ///< v2 file_mapped; v1 total_mapped_file
  std::optional<std::uint64_t> kernel;  ///< v2 kernel; v1 memory.kmem.usage_in_bytes
  std::optional<std::uint64_t> sock;    ///< v2 sock; v1: not kept
};

/// Adds what a memory.stat says to `out`, for the cgroup version given. Keys are matched by
/// name; v1's hierarchical total_* win over the cgroup's own counters.
void parse_memory_stat(std::string_view text, bool v1, CgroupMemory& out);

/// A whole file holding one byte count ("826085376\n"), in KiB; nullopt otherwise.
std::optional<std::uint64_t> parse_byte_count_kib(std::string_view text);

}  // namespace memwho
