#include "memwho/model/summary_columns.hpp"

#include <array>
#include <cmath>

namespace memwho {
namespace {

constexpr std::uint8_t kInSummary = kInProcesses | kInGroups;

/// A size over the watch; the rows' values come from different moments, so none sums.
constexpr ColumnMeta size(std::string_view key, std::string_view title,
                          std::string_view description, std::string_view field) {
  ColumnMeta m{
      key,       title, description, ValueKind::size, false, kNeedRollup, {"smaps_rollup", field},
      kInSummary};
  m.not_summed_because = "the rows' values come from different samples";
  return m;
}

Cell slope_cell(const SummaryRow& r) {
  if (!r.summary.pss_kib_per_minute) return std::monostate{};
  return SizeChangeKib{static_cast<std::int64_t>(std::llround(*r.summary.pss_kib_per_minute))};
}

// clang-format off
constexpr std::array kColumns = {
    SummaryColumn{{"pid", "PID", "the process (groups: none)", ValueKind::number, false,
                   kNeedNothing, {"", "directory name"}, kInSummary, 7},
                  [](const SummaryRow& r) -> Cell {
                    if (r.groups) return std::monostate{};
                    return std::int64_t{r.summary.label.pid};
                  }},
    SummaryColumn{{"samples", "SAMPLES", "samples with a known PSS", ValueKind::number, false,
                   kNeedNothing, {"", "count"}, kInSummary, 7},
                  [](const SummaryRow& r) -> Cell {
                    return static_cast<std::int64_t>(r.summary.samples);
                  }},
    SummaryColumn{size("pss_first", "PSS_FIRST", "PSS in the first sample it was in", "Pss"),
                  [](const SummaryRow& r) { return size_cell(r.summary.pss_first); }},
    SummaryColumn{size("pss_last", "PSS_LAST", "PSS in the last sample it was in", "Pss"),
                  [](const SummaryRow& r) { return size_cell(r.summary.pss_last); }},
    SummaryColumn{size("pss_min", "PSS_MIN", "the lowest PSS over the watch", "Pss"),
                  [](const SummaryRow& r) { return size_cell(r.summary.pss_min); }},
    SummaryColumn{size("pss_max", "PSS_MAX", "the highest PSS over the watch", "Pss"),
                  [](const SummaryRow& r) { return size_cell(r.summary.pss_max); }},
    SummaryColumn{size("uss_first", "USS_FIRST", "USS in the first sample it was in",
                       "Private_Clean + Private_Dirty"),
                  [](const SummaryRow& r) { return size_cell(r.summary.uss_first); }},
    SummaryColumn{size("uss_last", "USS_LAST", "USS in the last sample it was in",
                       "Private_Clean + Private_Dirty"),
                  [](const SummaryRow& r) { return size_cell(r.summary.uss_last); }},
    SummaryColumn{size("uss_min", "USS_MIN", "the lowest USS over the watch",
                       "Private_Clean + Private_Dirty"),
                  [](const SummaryRow& r) { return size_cell(r.summary.uss_min); }},
    SummaryColumn{size("uss_max", "USS_MAX", "the highest USS over the watch",
                       "Private_Clean + Private_Dirty"),
                  [](const SummaryRow& r) { return size_cell(r.summary.uss_max); }},
    SummaryColumn{{"pss_slope", "PSS/MIN",
                   "PSS's least-squares slope over the watch, per minute (JSON: bytes a minute)",
                   ValueKind::size_change, false, kNeedRollup, {"smaps_rollup", "Pss over time"},
                   kInSummary},
                  slope_cell},
    SummaryColumn{{"steps_up", "UP", "of the steps between its samples, how many grew",
                   ValueKind::number, false, kNeedNothing, {"", "count"}, kInSummary, 5},
                  [](const SummaryRow& r) -> Cell {
                    return static_cast<std::int64_t>(r.summary.steps_up);
                  }},
    SummaryColumn{{"trend", "TREND", "PSS over the watch, lowest to highest in 8 levels",
                   ValueKind::text, false, kNeedRollup, {"smaps_rollup", "Pss over time"},
                   kInSummary, 0},
                  [](const SummaryRow& r) -> Cell { return std::string_view(r.trend); }},
    SummaryColumn{{"leak", "LEAK", "suspect: grew steadily (the rule: docs/metrics.md, Watching)",
                   ValueKind::text, false, kNeedRollup, {"", "steps up and slope"}, kInSummary, 7},
                  [](const SummaryRow& r) -> Cell {
                    return std::string_view(r.summary.leak_suspect ? "suspect" : "");
                  }},
    SummaryColumn{{"state", "STATE", "exited: not in the last sample", ValueKind::text, false,
                   kNeedNothing, {"", "in the last sample or not"}, kInSummary, 7},
                  [](const SummaryRow& r) -> Cell {
                    return std::string_view(r.summary.exited ? "exited" : "");
                  }},
    SummaryColumn{{"name", "NAME", "the process's name, or the group", ValueKind::text, false,
                   kNeedNothing, {"status", "Name; groups: the key"}, kInSummary, 0},
                  [](const SummaryRow& r) -> Cell {
                    return std::string_view(r.summary.label.name);
                  }},
};
// clang-format on

}  // namespace

std::span<const SummaryColumn> summary_columns() {
  return kColumns;
}

std::vector<const SummaryColumn*> default_summary_columns(bool table) {
  std::vector<const SummaryColumn*> cols;
  for (const SummaryColumn& c : kColumns) {
    if (table && (c.meta.key == "uss_min" || c.meta.key == "uss_max")) continue;
    cols.push_back(&c);
  }
  return cols;
}

}  // namespace memwho
