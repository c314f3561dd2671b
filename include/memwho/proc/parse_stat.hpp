#pragma once
// Pure parser for /proc/PID/stat: text in, values out, no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace memwho {

/// The /proc/PID/stat fields memwho uses (proc(5) numbering in the comments of the parser).
struct StatInfo {
  int pid = 0;
  std::string comm;  ///< raw: may hold spaces, '(' ')' and newlines
  char state = '?';
  int ppid = 0;
  std::uint64_t flags = 0;       ///< PF_* flags; PF_KTHREAD = 0x00200000
  std::uint64_t start_time = 0;  ///< clock ticks since boot; with pid, identifies a process
  std::uint64_t vsize_bytes = 0;
  std::uint64_t rss_pages = 0;  ///< the approximate mm counter (see docs/metrics.md)
  [[nodiscard]] bool is_kernel_thread() const { return (flags & 0x00200000u) != 0; }
};

/// Parses the text of a stat file. comm is found between the first '(' and the LAST ')' of the
/// text, because comm itself may contain ')' and newlines. nullopt when the text is not a stat
/// line.
std::optional<StatInfo> parse_stat(std::string_view text);

}  // namespace memwho
