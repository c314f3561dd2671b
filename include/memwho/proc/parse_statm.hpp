#pragma once
// Pure parser for /proc/PID/statm: text in, values out, no I/O.
#include <cstdint>
#include <optional>
#include <string_view>

namespace memwho {

/// /proc/PID/statm (task_statm(), fs/proc/task_mmu.c): seven counts of PAGES, not KiB.
struct StatmInfo {
  std::uint64_t size = 0;      ///< total_vm: VmSize in pages
  std::uint64_t resident = 0;  ///< anon + file + shmem: VmRSS in pages (what top's RES reads)
  std::uint64_t shared = 0;    ///< file + shmem: RssFile + RssShmem, NOT "pages shared"
  std::uint64_t text = 0;      ///< code pages
  std::uint64_t lib = 0;       ///< always 0 since 2.6
  std::uint64_t data = 0;      ///< data_vm + stack_vm: VmData + VmStk
  std::uint64_t dt = 0;        ///< always 0
};

/// Parses the text of a statm file: seven decimal fields separated by blanks, then at most a
/// newline. nullopt when it is anything else (fewer fields, a sign, hex, trailing text).
std::optional<StatmInfo> parse_statm(std::string_view text);

}  // namespace memwho
