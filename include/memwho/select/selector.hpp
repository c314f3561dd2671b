#pragma once
// Which processes to report: by pid, by name, by command line, by user. Works on identity only
// (status and cmdline), so selection happens before any expensive smaps read.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "memwho/proc/process_record.hpp"

namespace memwho {

/// Like pgrep, each kind of selector is a list of alternatives (OR), and different kinds must
/// all match (AND). With no selector at all, every process with an address space matches.
struct Selector {
  std::vector<int> pids;              ///< -p: explicit pids
  std::vector<std::string> names;     ///< -n: comm or the program (see ProcessRecord::program)
  std::vector<std::string> commands;  ///< -f: anywhere in the whole command line
  bool exact = false;                 ///< -x: -n and -f match whole, not as substrings
  std::vector<std::uint32_t> uids;    ///< -u: real uid
  std::optional<int> self_pid;        ///< memwho itself, never reported unless asked by pid

  [[nodiscard]] bool has_pids() const { return !pids.empty(); }
  /// True when selecting needs the command line (-n matches the program, -f the command).
  [[nodiscard]] bool needs_cmdline() const { return !names.empty() || !commands.empty(); }
  /// True when `rec` is selected. Kernel threads and zombies (no user memory) and memwho itself
  /// are only selected when named by pid.
  [[nodiscard]] bool matches(const ProcessRecord& rec) const;
  /// True when the process was named with -p.
  [[nodiscard]] bool names_pid(int pid) const;
};

/// -n: `name` is in comm or in the program name (pgrep's rule, plus the program so that a
/// rewritten title such as "unicorn worker[3]" is found as unicorn), as a substring, or equal to
/// one of them when `exact`.
bool name_matches(const ProcessRecord& rec, std::string_view name, bool exact);

/// -f: `text` is in the whole command line (pgrep -f), or equal to it when `exact`.
bool command_matches(const ProcessRecord& rec, std::string_view text, bool exact);

}  // namespace memwho
