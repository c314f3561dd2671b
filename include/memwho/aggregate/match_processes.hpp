#pragma once
// `memwho diff A B`: which process of A is which process of B. Within one boot a process is its
// pid and its start time (stat field 22, ticks since boot): a pid reused by another program has
// another start time. Across boots pids and start times mean nothing, so a process is its command
// line (then its name), and several with the same one pair up in start-time order.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace memwho {

/// --match: how the command line asked to pair processes.
enum class MatchChoice : std::uint8_t {
  automatic,  ///< by the trees' boot ids (the default)
  pid,        ///< pid and start time only
  cmdline,    ///< command line, then name only
};

/// The rule a diff applies.
enum class MatchRule : std::uint8_t {
  pid,      ///< one boot: the same pid and start time
  cmdline,  ///< different boots: the same command line, else the same name
  /// Boots unknown (a tree without a boot id): pid and start time first, then the processes
  /// left over by command line, then by name.
  pid_then_cmdline,
};

/// The rule for --match and the trees' boot ids (empty when a tree does not say).
MatchRule choose_match_rule(MatchChoice choice, std::string_view boot_a, std::string_view boot_b);

/// What pairs a process across two trees.
struct ProcessKey {
  int pid = 0;
  std::optional<std::uint64_t> start_time;  ///< stat field 22; unknown when unread
  std::string_view command;                 ///< cmdline ("[name]" without one)
  std::string_view name;                    ///< comm
};

/// How a pair was made.
enum class MatchedBy : std::uint8_t { pid, cmdline, name };

/// A process of A, of B, or of both (indices into the spans given).
struct ProcessMatch {
  std::optional<std::size_t> a, b;
  std::optional<MatchedBy> by;  ///< set when both are
};

/// Pairs the processes of `a` with those of `b` by `rule`; every process is in exactly one
/// match: pairs first, then A's alone ("gone"), then B's alone ("new"), each in input order.
/// Under the pid rule a start time unknown on either side pairs only when the name and the
/// command line are the same too. Pure: no I/O.
std::vector<ProcessMatch> match_processes(std::span<const ProcessKey> a,
                                          std::span<const ProcessKey> b, MatchRule rule);

}  // namespace memwho
