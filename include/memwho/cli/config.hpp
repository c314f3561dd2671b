#pragma once
// The command line, validated and resolved when it is parsed: the view, the format, the columns
// and the sort key as the column tables' own entries, so nothing downstream parses a string or
// looks a key up again. Free of CLI11 types.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "memwho/aggregate/match_processes.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/model/diff_columns.hpp"
#include "memwho/model/group_columns.hpp"
#include "memwho/model/mapping_columns.hpp"
#include "memwho/model/process_columns.hpp"
#include "memwho/model/shmem_columns.hpp"
#include "memwho/report/row_limit.hpp"
#include "memwho/write/writer.hpp"

namespace memwho {

inline constexpr const char* kDefaultSysRoot = "/sys/fs/cgroup";

enum class View : std::uint8_t {
  processes,  ///< the process table (default)
  mappings,   ///< --maps: one row a mapping
  objects,    ///< --maps --by=file: one row a mapped object
  tree,       ///< --tree: the process table as a forest, with subtree sums
  groups,     ///< --group=name|user|cgroup: one row a group of processes
  sharing,    ///< --sharing: the process table, how each one's frames are shared (fork servers)
  shmem,      ///< --shmem: one row a shared memory object the selection maps or holds
  explain,    ///< --explain: every RSS source of each selected process, why they differ
};

/// memwho capture FILE: the selection's proc files written to FILE instead of a view.
struct CaptureCommand {
  std::string file;               ///< FILE; "-" is stdout
  bool maps = false;              ///< --maps: smaps too
  std::vector<std::string> argv;  ///< the command line, recorded in the capture
};

/// `memwho diff A B`: the two proc trees (paths, captures, /proc) and how to pair processes.
struct DiffRequest {
  std::string a, b;
  MatchChoice match = MatchChoice::automatic;  ///< --match
};

struct Config {
  // Selection.
  std::vector<int> pids;              ///< -p
  std::vector<std::string> names;     ///< -n
  std::vector<std::string> commands;  ///< -f
  bool exact = false;                 ///< -x
  std::vector<std::string> users;     ///< -u: names or uids, resolved by the app
  bool descendants = false;           ///< --descendants: and every descendant of those

  // What to show, and how.
  View view = View::processes;
  Format format = Format::table;
  std::vector<const ProcessColumn*> process_columns;  ///< -o (or the default set)
  ProcessSortKey process_sort;                        ///< --sort (or the view's default)
  /// -o in the maps views; empty = the view's default set (which depends on how many
  /// processes are shown).
  std::vector<const MappingColumn*> mapping_columns;
  std::optional<MappingSortKey> mapping_sort;     ///< --sort, by object only
  GroupBy group_by = GroupBy::name;               ///< --group (View::groups)
  std::vector<const GroupColumn*> group_columns;  ///< -o in the group view (or the default)
  GroupSortKey group_sort;                        ///< --sort in the group view (or PSS)
  std::vector<const ShmemColumn*> shmem_columns;  ///< -o in the --shmem view (or the default)
  std::optional<ShmemSortKey> shmem_sort;         ///< --sort in the --shmem view (or WHOLE)
  std::optional<DiffRequest> diff;                ///< `memwho diff A B`
  std::vector<const DiffColumn*> diff_columns;    ///< -o in a diff (or the default)
  DiffSortKey diff_sort;                          ///< --sort in a diff (or PSS_CHG)
  RowLimit limit;                                 ///< --top, --min
  bool header = true;                             ///< --no-header clears it
  bool wide = false;                              ///< --wide: never cut to the terminal
  ColorChoice color = ColorChoice::automatic;     ///< --color
  bool bytes = false;                             ///< --units=bytes (TSV, CSV)
  std::string output;                             ///< --output FILE; empty: stdout

  // Over time.
  std::optional<double> interval;      ///< --interval SECONDS: a report every SECONDS
  std::optional<std::uint64_t> count;  ///< --count N: N reports in all (forever without)
  bool until_exit = false;             ///< --until-exit: end when no watched process is left
  /// --reread-every K: re-read what did not change at least every K samples; 0: the default,
  /// as many samples as make 30 seconds (reread_samples()).
  std::uint32_t reread_every = 0;

  // Where from, and how.
  std::string proc_root = "/proc";  ///< --proc-root
  /// --sys-root: the cgroup file systems; empty: a capture's own, else kDefaultSysRoot.
  std::string sys_root;
  unsigned jobs = 0;                      ///< --jobs; 0 = one per online CPU
  bool list_columns = false;              ///< --list-columns
  std::optional<CaptureCommand> capture;  ///< memwho capture FILE

  /// The watch's K: --reread-every, or 30 seconds' worth of samples (at least 1).
  [[nodiscard]] std::uint32_t reread_samples() const {
    if (reread_every > 0 || !interval) return reread_every > 0 ? reread_every : 1;
    const double k = std::ceil(kRereadSeconds / *interval);
    return k >= 1e6 ? 1000000u : static_cast<std::uint32_t>(std::max(1.0, k));
  }
  /// How old a watch lets a figure status and stat cannot see grow, by default.
  static constexpr double kRereadSeconds = 30;
  [[nodiscard]] bool maps() const { return view == View::mappings || view == View::objects; }
  /// What a diff's rows are: kInProcesses, kInGroups (--group), kInObjects (--maps --by=file).
  [[nodiscard]] std::uint8_t diff_view() const {
    return view == View::groups ? kInGroups : view == View::objects ? kInObjects : kInProcesses;
  }
  /// A selection was given: the report says what stopping it frees.
  [[nodiscard]] bool selected() const {
    return !pids.empty() || !names.empty() || !commands.empty() || !users.empty();
  }
};

/// Exit codes, documented in --help and the README.
enum ExitCode : int {
  kExitMatched = 0,     ///< at least one process was reported
  kExitNoMatch = 1,     ///< no process matched the selection (--maps: none could be shown)
  kExitUsage = 2,       ///< bad command line, unknown user/column, unreadable proc root
  kExitIncomplete = 3,  ///< reported, but a listing was cut short (a process exited mid-read)
  kExitOutput = 4,      ///< the output could not be written (a full disk, a closed stdout)
};

/// Parses argv into `config`. Returns -1 to go on, or the exit code to leave with now (0 after
/// --help/--version, whose text is put in `text` for stdout; 2 after a usage error, with the
/// message already on stderr).
int parse_command_line(int argc, const char* const* argv, Config& config, std::string& text);

}  // namespace memwho
