#pragma once
// What the process view and the maps views share in the front end: the selector, the threads,
// the run's description, the writer for the chosen format, and the stderr lines.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "memwho/cli/config.hpp"
#include "memwho/cli/output.hpp"
#include "memwho/proc/proc_source.hpp"
#include "memwho/report/report.hpp"
#include "memwho/scan/scan.hpp"

namespace memwho {

/// The selector of the command line, with users resolved; nullopt (message printed) when a
/// user does not exist.
std::optional<Selector> make_selector(const Config& config, const ProcSource& source);

/// Threads for a scan: --jobs, or one per online CPU.
unsigned scan_jobs(const Config& config);

/// The selection as the command line gave it ("-n nosuch -u bob"), escaped.
std::string describe_selection(const Config& config);

/// The message for refused smaps/smaps_rollup: who may read it, or that even root may not.
std::string_view permission_hint();

/// Prints the diagnostic notes to stderr, "memwho: " each, escaped.
void print_diagnostics(std::span<const Note> notes);

/// The host and the time of this run, for the report; `millis`: the time to the millisecond.
/// For a capture: the host, time and kernel it recorded.
ViewInfo describe_run(const ProcSource& source, bool millis = false);

/// Now, in ISO 8601 with the zone (2024-05-01T12:00:00+02:00); `millis`: to the millisecond.
std::string now_iso8601(bool millis = false);

/// memwho capture FILE: writes the selection's proc files to FILE; the exit code.
int run_capture(const Config& config);

/// The writer for the command line's format, writing into `text`.
std::unique_ptr<ReportWriter> writer_for(const Config& config, std::string& text);

/// Scans for the process views (table, tree, groups, diff): selects, then reads what
/// `request.needs` says (and the command line when the selector needs it); names the users.
ScanResult scan_for(const Config& config, const ProcSource& source, ScanRequest& request);

/// memwho diff A B: the two trees compared; the exit code.
int run_diff(const Config& config, Output& out);

class WatchState;

/// One report of the chosen view; the exit code. `watch`: the state of a watch (--interval)
/// the process and group views feed and take the rows' changes from.
int run_view(const Config& config, const ProcSource& source, Selector selector, Output& out,
             WatchState* watch = nullptr);

/// --interval: reports of the view over time (--count of them, or until a signal).
int watch(const Config& config, const ProcSource& source, const Selector& selector, Output& out);

/// memwho --explain: every RSS source of the selected processes and why they differ.
int run_explain(const Config& config, const ProcSource& source, Selector selector, Output& out);

/// memwho --maps: the per-mapping and by-object views.
int run_maps(const Config& config, const ProcSource& source, Selector selector, Output& out);

}  // namespace memwho
