#pragma once
// What the process view and the maps view share in the front end: the selector, the threads,
// and the stderr lines that keep partial results honest.
#include <optional>
#include <string>
#include <string_view>

#include "memwho/cli/config.hpp"
#include "memwho/cli/output.hpp"
#include "memwho/proc/proc_source.hpp"
#include "memwho/scan/scan.hpp"

namespace memwho {

/// The selector of the command line, with users resolved; nullopt (message printed) when a
/// user does not exist.
std::optional<Selector> make_selector(const Config& config, const ProcSource& source);

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
int run_maps(const Config& config, const ProcSource& source, Selector selector, Output& out);

}  // namespace memwho
