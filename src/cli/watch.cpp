// --interval: the same report over time. The loop, its clock and its signals live here; each
// sample is one run of the view.
#include <signal.h>
#include <time.h>

#include <cerrno>
#include <csignal>
#include <cstdint>

#include "front_end.hpp"

namespace memwho {
namespace {

volatile std::sig_atomic_t g_stop_watch = 0;
extern "C" void stop_watch(int /*signal*/) {
  g_stop_watch = 1;
}

}  // namespace

/// --interval: a report at once, then one every interval on the monotonic clock (a late sample
/// does not make the next ones late too), --count of them or until SIGINT/SIGTERM, which end
/// the watch between two reports, never inside one. Exit 0 when some report matched.
int watch(const Config& config, const ProcSource& source, const Selector& selector, Output& out) {
  struct sigaction sa {};
  sa.sa_handler = stop_watch;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: the sleep ends at once
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  const auto step_ns = static_cast<std::int64_t>(*config.interval * 1e9);
  timespec next{};
  clock_gettime(CLOCK_MONOTONIC, &next);
  int rc = kExitNoMatch;
  Config sample = config;
  for (std::uint64_t i = 0; g_stop_watch == 0; ++i) {
    // TSV and CSV: one header for the whole stream; a table has its own each sample.
    sample.header = config.header && (i == 0 || config.format == Format::table);
    const int r = run_view(sample, source, selector, out);
    if (r == kExitMatched || rc == kExitNoMatch) rc = r;
    if (out.ended() || (config.count && i + 1 >= *config.count)) break;
    const std::int64_t ns = next.tv_nsec + step_ns;
    next.tv_sec += static_cast<time_t>(ns / 1000000000);
    next.tv_nsec = static_cast<long>(ns % 1000000000);
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > next.tv_sec + 1) next = now;  // far behind (a suspended machine): restart
    while (g_stop_watch == 0 &&
           clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr) == EINTR) {
    }
  }
  return rc;
}

}  // namespace memwho
