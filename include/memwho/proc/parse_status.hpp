#pragma once
// Pure parser for /proc/PID/status: text in, values out, no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace memwho {

/// What memwho takes from /proc/PID/status. Sizes are KiB ("kB" in the file).
struct StatusInfo {
  std::string name;  ///< comm, with the kernel's \n and \\ escapes undone (raw bytes)
  char state = '?';  ///< first letter of State: R S D Z T t X I ...
  std::optional<int> tgid, pid, ppid;
  std::optional<std::uint32_t> uid;  ///< real uid (first of the four Uid: values)
  std::optional<bool> kthread;       ///< "Kthread:" line (6.x kernels); absent on older ones
  std::optional<std::uint64_t> vm_size, vm_rss, rss_anon, rss_file, rss_shmem, vm_swap, vm_hwm;
  /// Kernel threads and zombies have no mm, and the kernel prints no Vm* lines for them.
  [[nodiscard]] bool has_address_space() const { return vm_size.has_value(); }
};

/// Parses the whole text of a status file. Keys are matched by name, never by position; unknown
/// keys are skipped, so any kernel's status parses. Never throws; malformed values stay absent.
StatusInfo parse_status(std::string_view text);

/// Undoes the escaping of status "Name:" (seq_escape_str with "\n\\": only newline and backslash).
std::string unescape_status_name(std::string_view escaped);

}  // namespace memwho
