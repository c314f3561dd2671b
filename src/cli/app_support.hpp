#pragma once
// What the process view and the maps view share in the app layer.
#include <optional>
#include <string>
#include <string_view>

#include "memwho/cli/config.hpp"
#include "memwho/proc/proc_root.hpp"
#include "memwho/scan/scan.hpp"

namespace memwho {

/// Writes all of text to stdout. A closed pipe (memwho | head) is a normal end, not an error.
void write_stdout(std::string_view text);

/// The selector of the command line, with users resolved; nullopt (message printed) when a
/// user does not exist.
std::optional<Selector> make_selector(const Config& config, const ProcRoot& root);

/// Threads for a scan: --jobs, or one per online CPU.
unsigned scan_jobs(const Config& config);

/// The stderr lines that keep partial results honest: nothing is lost without a word.
void report_problems(const ScanResult& result, const Selector& selector);

/// The selection as the command line gave it ("-n nosuch -u bob"), escaped.
std::string describe_selection(const Config& config);

/// The one stderr line when nothing matched, naming the selection; silent when -p alone named
/// only pids that do not exist (each has had its "no such process" line).
void report_no_match(const Config& config, const ScanResult& result);

/// The message for a refused smaps/smaps_rollup: who may read it, or that even root may not.
std::string_view permission_hint();

/// memwho --maps: the per-mapping and by-file views.
int run_maps(const Config& config, const ProcRoot& root, Selector selector);

}  // namespace memwho
