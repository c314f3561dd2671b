#pragma once
// The validated command line, free of CLI11 types: what the user asked for, nothing resolved
// against the system yet (users, the proc tree).
#include <string>
#include <vector>

namespace memwho {

enum class OutputFormat { table, tsv };

struct Config {
  std::vector<int> pids;              ///< -p
  std::vector<std::string> names;     ///< -n
  std::vector<std::string> commands;  ///< -f
  bool exact = false;                 ///< -x
  std::vector<std::string> users;     ///< -u: names or uids, resolved by the app
  OutputFormat format = OutputFormat::table;
  bool header = true;                ///< --no-header clears it
  std::vector<std::string> columns;  ///< -o; empty = the default set
  std::string sort;                  ///< --sort; empty = the view's default
  std::string proc_root = "/proc";   ///< --proc-root
  unsigned jobs = 0;                 ///< --jobs; 0 = one per online CPU
  bool wide = false;                 ///< --wide: never cut the command to the terminal
  bool list_columns = false;         ///< --list-columns
  bool maps = false;                 ///< --maps: per-mapping view (pmap -x style)
  bool by_file = false;              ///< --by=file: mappings added up per mapped object
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
