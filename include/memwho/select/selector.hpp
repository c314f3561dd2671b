#pragma once
// Which processes to report: by pid, by name, by user. Works on identity only (status and
// cmdline), so selection happens before any expensive smaps read.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "memwho/proc/process_record.hpp"

namespace memwho {

/// Like pgrep, each kind of selector is a list of alternatives (OR), and different kinds must
/// all match (AND). With no selector at all, every process with an address space matches.
struct Selector {
  std::vector<int> pids;            ///< -p: explicit pids
  std::vector<std::string> names;   ///< -n: substring of comm or of the command's first word
  std::vector<std::uint32_t> uids;  ///< -u: real uid
  std::optional<int> self_pid;      ///< memwho itself, never reported unless asked by pid

  [[nodiscard]] bool has_pids() const { return !pids.empty(); }
  /// True when `rec` is selected. Kernel threads and zombies (no user memory) and memwho itself
  /// are only selected when named by pid.
  [[nodiscard]] bool matches(const ProcessRecord& rec) const;
  /// True when the process was named with -p.
  [[nodiscard]] bool names_pid(int pid) const;
};

/// True when `name` occurs in comm or in the first word of the command line ("unicorn worker[3]
/// -c x" has first word "unicorn"; "/usr/bin/unicorn" contains "unicorn").
bool name_matches(const ProcessRecord& rec, std::string_view name);

}  // namespace memwho
