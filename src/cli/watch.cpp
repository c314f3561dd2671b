// --interval: the same report over time. The loop, its clock and its signals live here; each
// sample is one run of the view, fed to the watch's state, and the watch ends with its summary.
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>

#include "front_end.hpp"
#include "memwho/cli/terminal.hpp"
#include "memwho/cli/watch_state.hpp"
#include "memwho/report/summary_report.hpp"

namespace memwho {
namespace {

volatile std::sig_atomic_t g_stop_watch = 0;
extern "C" void stop_watch(int /*signal*/) {
  g_stop_watch = 1;
}

double seconds_between(const timespec& from, const timespec& to) {
  return static_cast<double>(to.tv_sec - from.tv_sec) +
         static_cast<double>(to.tv_nsec - from.tv_nsec) / 1e9;
}

/// The end of the watch: one row a process or group watched, in the watch's format (its own
/// header in TSV/CSV after a blank line; one more JSON line).
void write_summary(const Config& config, const ProcSource& source, const WatchState& state,
                   Output& out) {
  Config plain = config;
  plain.interval.reset();  // no time column: the summary covers the whole watch
  plain.header = config.header;
  std::string text;
  if (config.format != Format::json && config.format != Format::openmetrics) text += '\n';
  auto writer = writer_for(plain, text);
  const bool table = config.format == Format::table;
  report_summary(state.summary(terminal_charset() == Charset::utf8 || !table),
                 default_summary_columns(table), state.info(), describe_run(source, true), *writer);
  out.write(text);
}

}  // namespace

/// --interval: a report at once, then one every interval on the monotonic clock (a late sample
/// does not make the next ones late too), --count of them, until SIGINT/SIGTERM (which end the
/// watch between two reports, never inside one), or with --until-exit until nothing watched is
/// left; then the summary. Exit 0 when some report matched.
int watch(const Config& config, const ProcSource& source, const Selector& selector, Output& out) {
  struct sigaction sa {};
  sa.sa_handler = stop_watch;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: the sleep ends at once
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  const auto step_ns = static_cast<std::int64_t>(*config.interval * 1e9);
  // A table on a terminal is redrawn in place, as top does; anywhere else one block a sample.
  const bool redraw =
      config.format == Format::table && config.output.empty() && ::isatty(STDOUT_FILENO) != 0;
  timespec start{};
  clock_gettime(CLOCK_MONOTONIC, &start);
  timespec next = start;
  int rc = kExitNoMatch;
  Config sample = config;
  WatchState state(config.reread_samples());
  for (std::uint64_t i = 0; g_stop_watch == 0; ++i) {
    // TSV and CSV: one header for the whole stream; a table has its own each sample.
    sample.header = config.header && (i == 0 || config.format == Format::table);
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    state.begin_sample(seconds_between(start, now), describe_run(source, true).time);
    int r = kExitMatched;
    if (!config.output.empty()) {
      // --output: the file holds the latest report whole, replaced in one rename each sample.
      Output file;
      if (!file.open_file(config.output)) return kExitOutput;
      r = run_view(sample, source, selector, file, &state);
      if (!file.finish()) return kExitOutput;
    } else {
      if (redraw) out.begin_frame();
      r = run_view(sample, source, selector, out, &state);
      if (redraw) out.end_frame(output_height());
    }
    if (r == kExitMatched || rc == kExitNoMatch) rc = r;
    if (out.ended() || (config.count && i + 1 >= *config.count)) break;
    if (config.until_exit && r == kExitNoMatch) break;
    const std::int64_t ns = next.tv_nsec + step_ns;
    next.tv_sec += static_cast<time_t>(ns / 1000000000);
    next.tv_nsec = static_cast<long>(ns % 1000000000);
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > next.tv_sec + 1) next = now;  // far behind (a suspended machine): restart
    while (g_stop_watch == 0 &&
           clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr) == EINTR) {
    }
  }
  // The exporter's file holds samples only; everywhere else the watch ends with its summary.
  const bool summarized = config.view == View::processes || config.view == View::tree ||
                          config.view == View::groups || config.view == View::sharing;
  if (config.output.empty() && summarized && !state.empty() && !out.ended()) {
    write_summary(config, source, state, out);
  }
  return rc;
}

}  // namespace memwho
