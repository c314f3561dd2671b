#pragma once
// Pure parser for /proc/PID/cmdline: text in, values out, no I/O.
#include <string>
#include <string_view>

namespace memwho {

/// A command line as memwho shows and matches it.
struct CommandLine {
  std::string command;  ///< argv joined by spaces (NULs become spaces, trailing NULs dropped)
  std::string program;  ///< see program_of_cmdline
};

/// Parses the bytes of a cmdline file: NUL-separated argv, or one string that setproctitle
/// rewrote ("postgres: checkpointer", "unicorn worker[3] -c x"), padded with NULs.
CommandLine parse_cmdline(std::string_view text);

/// The program a command line names: argv[0] up to its first space, without its directory,
/// without a login shell's leading '-' and without a title's trailing ':'.
/// "/usr/lib/postgresql/15/bin/psql" -> "psql", "nginx: worker process" -> "nginx",
/// "-bash" -> "bash". Grouping and -n use it, so a process is found under the program it runs.
std::string_view program_of_cmdline(std::string_view cmdline);

}  // namespace memwho
