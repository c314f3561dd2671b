#include "memwho/report/summary_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace memwho {
namespace {

/// "1m30s", "2h05m", "45s": how long the watch ran.
std::string duration_text(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::llround(std::max(0.0, seconds)));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
}

}  // namespace

void report_summary(const std::vector<SummaryRow>& rows,
                    const std::vector<const SummaryColumn*>& columns, const SummaryInfo& info,
                    ViewInfo view, ReportWriter& writer) {
  view.name = "summary";
  view.row = "watch";  // OpenMetrics: memwho_watch_pss_slope_bytes...
  view.columns = metas_of(columns);
  view.fixed_widths = false;
  view.blocks_are_processes = false;
  writer.begin(view);
  BlockInfo block;
  block.title = fmt::format("Summary of {} {} from {} to {} ({}):", info.samples,
                            info.samples == 1 ? "sample" : "samples", info.first_time,
                            info.last_time, duration_text(info.seconds));
  writer.begin_block(block);
  std::vector<Cell> cells(columns.size());
  std::string pid;
  for (const SummaryRow& r : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i) cells[i] = columns[i]->value(r);
    pid = std::to_string(r.summary.label.pid);
    std::vector<Label> labels;
    if (!r.groups) labels.push_back({"pid", pid});
    labels.push_back({r.groups ? "group" : "name", r.summary.label.name});
    writer.row(cells, labels);
  }
  BlockEnd end;
  end.totals.resize(columns.size());
  end.show_totals = false;  // the rows' values come from different moments: nothing sums
  const auto suspects = std::count_if(rows.begin(), rows.end(),
                                      [](const SummaryRow& r) { return r.summary.leak_suspect; });
  end.notes.push_back(
      {NoteKind::footer, "leak_rule",
       fmt::format("PSS/MIN is PSS's least-squares slope. {} leak {}: PSS grew in at least {:.0f}% "
                   "of the steps between its samples, by at least {} KiB from first to last, at "
                   "least {:.0f} KiB a minute, over at least {} samples.",
                   suspects, suspects == 1 ? "suspect" : "suspects",
                   info.rule.min_up_fraction * 100, info.rule.min_growth_kib,
                   info.rule.min_kib_per_minute, info.rule.min_points),
       std::nullopt});
  writer.end_block(end);
  writer.end({});
}

}  // namespace memwho
