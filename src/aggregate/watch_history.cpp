#include "memwho/aggregate/watch_history.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace memwho {

std::optional<double> least_squares_slope(const std::vector<double>& x,
                                          const std::vector<double>& y) {
  const std::size_t n = std::min(x.size(), y.size());
  if (n < 2) return std::nullopt;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  // Centred sums: the raw ones lose every digit to cancellation on large sizes.
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  if (sxx <= 0) return std::nullopt;
  return sxy / sxx;
}

std::string sparkline(const std::vector<std::uint64_t>& values, std::size_t width, bool utf8) {
  static constexpr std::array<std::string_view, 8> kBlocks = {
      "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
      "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"};
  static constexpr std::string_view kAscii = "_.-=+*#@";
  if (values.empty() || width == 0) return {};
  // More values than characters: each character the mean of its share of the values.
  std::vector<double> points;
  const std::size_t n = values.size();
  const std::size_t chars = std::min(n, width);
  points.reserve(chars);
  for (std::size_t c = 0; c < chars; ++c) {
    const std::size_t from = c * n / chars;
    const std::size_t to = std::max(from + 1, (c + 1) * n / chars);
    double sum = 0;
    for (std::size_t i = from; i < to; ++i) sum += static_cast<double>(values[i]);
    points.push_back(sum / static_cast<double>(to - from));
  }
  const auto [lo, hi] = std::minmax_element(points.begin(), points.end());
  // A range under 5% of the highest value is drawn as 5%: a kilobyte of noise on a megabyte
  // must not look like a cliff.
  const double range = std::max(*hi - *lo, *hi * 0.05);
  std::string line;
  for (const double p : points) {
    const auto level =
        range <= 0 ? 0 : std::min<std::size_t>(7, static_cast<std::size_t>((p - *lo) / range * 8));
    if (utf8) {
      line += kBlocks[level];
    } else {
      line += kAscii[level];
    }
  }
  return line;
}

namespace {

void widen(std::optional<std::uint64_t>& lo, std::optional<std::uint64_t>& hi,
           const std::optional<std::uint64_t>& v) {
  if (!v) return;
  lo = lo ? std::min(*lo, *v) : *v;
  hi = hi ? std::max(*hi, *v) : *v;
}

std::optional<std::int64_t> difference(const std::optional<std::uint64_t>& now,
                                       const std::optional<std::uint64_t>& then) {
  if (!now || !then) return std::nullopt;
  return static_cast<std::int64_t>(*now) - static_cast<std::int64_t>(*then);
}

}  // namespace

SeriesSummary summarize(const Series& series, std::uint64_t last_sample, const LeakRule& rule) {
  SeriesSummary s;
  s.label = series.label;
  s.exited = series.last_sample != last_sample;
  std::vector<double> x, y;
  for (const SeriesPoint& p : series.points) {
    widen(s.pss_min, s.pss_max, p.pss);
    widen(s.uss_min, s.uss_max, p.uss);
    if (p.uss) {
      if (!s.uss_first) s.uss_first = p.uss;
      s.uss_last = p.uss;
    }
    if (!p.pss) continue;
    if (!s.pss_points.empty()) {
      ++s.steps;
      if (*p.pss > s.pss_points.back()) ++s.steps_up;
    }
    if (!s.pss_first) s.pss_first = p.pss;
    s.pss_last = p.pss;
    s.pss_points.push_back(*p.pss);
    x.push_back(p.seconds / 60);
    y.push_back(static_cast<double>(*p.pss));
  }
  s.samples = s.pss_points.size();
  s.pss_kib_per_minute = least_squares_slope(x, y);
  s.leak_suspect =
      s.samples >= rule.min_points && s.steps > 0 &&
      static_cast<double>(s.steps_up) >= rule.min_up_fraction * static_cast<double>(s.steps) &&
      s.pss_kib_per_minute && *s.pss_kib_per_minute >= rule.min_kib_per_minute &&
      *s.pss_last >= *s.pss_first + rule.min_growth_kib;
  return s;
}

void WatchHistory::begin_sample(double seconds) {
  seconds_ = seconds;
  ++samples_;
}

RowChange WatchHistory::observe(const std::string& id, const SeriesLabel& label,
                                const SeriesPoint& point) {
  const std::uint64_t now = samples_;
  auto [it, inserted] = index_.try_emplace(id, series_.size());
  if (inserted) series_.push_back(Series{label, {}, now, now});
  Series& series = series_[it->second];
  RowChange change;
  change.appeared = inserted && now > 1;
  if (!series.points.empty()) {
    const SeriesPoint& first = series.points.front();
    change.since_first = difference(point.key, first.key);
    // A gap (the row was left out of a sample) is no previous sample.
    if (series.last_sample + 1 == now)
      change.since_previous = difference(point.key, series.points.back().key);
  }
  SeriesPoint kept = point;
  kept.seconds = seconds_;
  series.points.push_back(kept);
  series.last_sample = now;
  series.label = label;
  return change;
}

std::vector<SeriesLabel> WatchHistory::end_sample() {
  std::vector<SeriesLabel> exited;
  for (const Series& s : series_) {
    if (s.last_sample + 1 == samples_) exited.push_back(s.label);
  }
  return exited;
}

std::vector<SeriesSummary> WatchHistory::summaries(const LeakRule& rule) const {
  std::vector<SeriesSummary> out;
  out.reserve(series_.size());
  for (const Series& s : series_) out.push_back(summarize(s, samples_, rule));
  return out;
}

}  // namespace memwho
