#pragma once
// A pure parser for /proc/sysvipc/shm: every SysV shared memory segment with its whole size,
// resident and swapped bytes, creator and last pids and attach count (issue 11's shared memory
// objects). Columns are found by the header's names, so a kernel that adds one still parses.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace memwho {

struct SysvShmSegment {
  std::int64_t key = 0;  ///< IPC key (0 = IPC_PRIVATE); printed signed
  std::uint64_t shmid = 0;
  std::uint64_t size_bytes = 0;
  int cpid = 0, lpid = 0;  ///< creator, last attach/detach
  std::uint64_t nattch = 0;
  std::uint32_t uid = 0;
  std::optional<std::uint64_t> rss_bytes, swap_bytes;  ///< absent before 2.6.x kernels had them
  /// perms with the kernel's state bits: SHM_DEST (01000) once removed (IPC_RMID) while still
  /// attached, SHM_LOCKED (02000).
  std::optional<std::uint32_t> mode;
  [[nodiscard]] bool removed() const { return mode && (*mode & 01000) != 0; }
};

/// The segments of the file; a line that does not parse is skipped and counted in `bad_lines`.
std::vector<SysvShmSegment> parse_sysvipc_shm(std::string_view text, std::size_t* bad_lines);

}  // namespace memwho
