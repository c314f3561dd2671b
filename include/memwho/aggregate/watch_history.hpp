#pragma once
// --interval: what the samples of a watch say over time, kept per process (pid + start time, so
// a reused pid is a new process) or per group (its key). Pure: the front end feeds it each
// sample's rows and reads back each row's change, who appeared and who exited, and at the end
// the per-series summary (first, last, min, max, slope, sparkline, leak suspect).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "memwho/model/row_change.hpp"

namespace memwho {

/// One row's figures in one sample, as the history keeps them (KiB; absent = unknown).
struct SeriesPoint {
  double seconds = 0;  ///< since the first sample
  std::optional<std::uint64_t> pss, uss;
  std::optional<std::uint64_t> key;  ///< the sort key's size (what the change columns show)
};

/// What a series is, for its summary and the "exited" marks: the pid (0 for a group) and a name.
struct SeriesLabel {
  int pid = 0;
  std::string name;  ///< the process's name, or the group's key
};

struct Series {
  SeriesLabel label;
  std::vector<SeriesPoint> points;
  std::uint64_t first_sample = 0, last_sample = 0;  ///< sample numbers it was seen in
};

/// When a series counts as a leak suspect: documented in docs/metrics.md ("Watching").
struct LeakRule {
  std::size_t min_points = 5;          ///< fewer samples say nothing about a trend
  double min_up_fraction = 0.75;       ///< of the steps between samples, the share that grew
  double min_kib_per_minute = 16;      ///< about 1 MiB an hour: slower is noise for a server
  std::uint64_t min_growth_kib = 256;  ///< last − first: a few pages are not a leak
};

/// A series summed up at the end of a watch.
struct SeriesSummary {
  SeriesLabel label;
  std::size_t samples = 0;  ///< samples with a known PSS
  std::optional<std::uint64_t> pss_first, pss_last, pss_min, pss_max;
  std::optional<std::uint64_t> uss_first, uss_last, uss_min, uss_max;
  /// The least-squares slope of PSS over time, KiB per minute; absent under two points or
  /// without time between them.
  std::optional<double> pss_kib_per_minute;
  std::size_t steps_up = 0, steps = 0;  ///< steps between consecutive known PSS samples
  std::vector<std::uint64_t> pss_points;
  bool leak_suspect = false;
  bool exited = false;  ///< not in the last sample
};

/// The least-squares slope of y over x (y units per x unit); absent without two distinct x.
std::optional<double> least_squares_slope(const std::vector<double>& x,
                                          const std::vector<double>& y);

/// A sparkline of `values` at most `width` characters: each character a level from 0 to 7 of
/// the range min..max (the mean of the values it covers when there are more than `width`).
/// `utf8`: the blocks ▁▂▃▄▅▆▇█; else ASCII "_.-=+*#@". Flat series draw the lowest level, and
/// a range under 5% of the highest value is drawn as 5% (small noise stays low).
std::string sparkline(const std::vector<std::uint64_t>& values, std::size_t width, bool utf8);

/// Sums up one series (pure; the rule says what a leak suspect is).
SeriesSummary summarize(const Series& series, std::uint64_t last_sample, const LeakRule& rule);

class WatchHistory {
 public:
  /// Starts the next sample, taken `seconds` after the first.
  void begin_sample(double seconds);
  /// Records one row of this sample under `id` ("pid:start" or a group's key); its change.
  RowChange observe(const std::string& id, const SeriesLabel& label, const SeriesPoint& point);
  /// Ends the sample: the series seen in the previous sample and not in this one.
  std::vector<SeriesLabel> end_sample();
  [[nodiscard]] std::uint64_t samples() const { return samples_; }
  /// Every series seen, in the order first seen, summed up.
  [[nodiscard]] std::vector<SeriesSummary> summaries(const LeakRule& rule) const;

 private:
  std::vector<Series> series_;
  std::unordered_map<std::string, std::size_t> index_;
  std::uint64_t samples_ = 0;  ///< samples begun
  double seconds_ = 0;
};

}  // namespace memwho
