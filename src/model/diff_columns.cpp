#include "memwho/model/diff_columns.hpp"

#include <array>

namespace memwho {
namespace {

constexpr std::uint8_t kProcesses = kInProcesses;
constexpr std::uint8_t kAll = kInProcesses | kInGroups | kInObjects;

/// Where each figure comes from, per kind of row.
constexpr std::string_view kRssSource =
    "status VmRSS (a process); Σ smaps_rollup Rss (a group); Σ smaps Rss (an object)";
constexpr std::string_view kPssSource = "smaps_rollup Pss (Σ by group; Σ smaps Pss by object)";
constexpr std::string_view kUssSource =
    "smaps_rollup Private_Clean + Private_Dirty (Σ by group; Σ smaps by object)";
constexpr std::string_view kSwapSource = "smaps_rollup Swap (Σ by group; Σ smaps Swap by object)";

/// RSS and swap count a page shared by several processes once in each: their sums, and the sums
/// of their changes, double count. PSS and USS add up.
constexpr bool sums(DiffFigure f) {
  return f == DiffFigure::pss || f == DiffFigure::uss;
}

constexpr ColumnMeta figure_meta(std::string_view key, std::string_view title,
                                 std::string_view description, ValueKind kind, DiffFigure f,
                                 std::string_view source) {
  return {key, title, description, kind, sums(f), kNeedRollup, {"", source}, kAll};
}

/// Which value of a figure a column shows.
enum class Side : std::uint8_t { a, b, change };

/// The column of figure F's value in A, in B, or its change.
template <DiffFigure F, Side S>
constexpr DiffColumn figure_column(std::string_view key, std::string_view title,
                                   std::string_view description, std::string_view source) {
  const ValueKind kind = S == Side::change ? ValueKind::size_change : ValueKind::size;
  return {figure_meta(key, title, description, kind, F, source), [](const DiffRow& r) -> Cell {
            if constexpr (S == Side::a) return DiffRow::figure(r.a, F);
            if constexpr (S == Side::b) return DiffRow::figure(r.b, F);
            return r.change(F);
          }};
}

Cell pid_cell(const std::optional<int>& pid) {
  if (!pid) return std::monostate{};
  return static_cast<std::int64_t>(*pid);
}

Cell key_cell(const DiffRow& r) {
  return std::string_view(r.key);
}

// clang-format off
constexpr std::array kColumns = {
    DiffColumn{{"pid", "PID", "the process's pid in B, else in A", ValueKind::number, false,
                kNeedNothing, {"", "the /proc directory"}, kProcesses},
               [](const DiffRow& r) { return pid_cell(r.pid()); }},
    DiffColumn{{"pid_before", "PID_A", "the process's pid in A", ValueKind::number, false,
                kNeedNothing, {"", "A's /proc directory"}, kProcesses},
               [](const DiffRow& r) { return pid_cell(r.a.pid); }},
    DiffColumn{{"pid_after", "PID_B", "the process's pid in B", ValueKind::number, false,
                kNeedNothing, {"", "B's /proc directory"}, kProcesses},
               [](const DiffRow& r) { return pid_cell(r.b.pid); }},
    DiffColumn{{"match", "MATCH",
                "how A and B were paired: pid (and start time), cmdline, name, both (the same "
                "key); or gone (only in A), new (only in B)",
                ValueKind::text, false, kNeedNothing, {"", "the matching rule"}, kAll},
               [](const DiffRow& r) -> Cell { return match_word(r.match); }},
    DiffColumn{{"name", "NAME", "process name (comm), B's when in both", ValueKind::text, false,
                kNeedNothing, {"status", "Name"}, kProcesses},
               [](const DiffRow& r) -> Cell { return std::string_view(r.name); }},
    DiffColumn{{"processes_before", "PROCS_A", "processes in the group in A", ValueKind::number, true,
                kNeedNothing, {"", "count of processes"}, kInGroups},
               [](const DiffRow& r) -> Cell { return static_cast<std::int64_t>(r.a.processes); }},
    DiffColumn{{"processes_after", "PROCS_B", "processes in the group in B", ValueKind::number, true,
                kNeedNothing, {"", "count of processes"}, kInGroups},
               [](const DiffRow& r) -> Cell { return static_cast<std::int64_t>(r.b.processes); }},
    figure_column<DiffFigure::rss, Side::a>("rss_before", "RSS_A", "resident memory in A", kRssSource),
    figure_column<DiffFigure::rss, Side::b>("rss_after", "RSS_B", "resident memory in B", kRssSource),
    figure_column<DiffFigure::rss, Side::change>("rss_change", "RSS_CHG", "resident memory: B - A", kRssSource),
    figure_column<DiffFigure::pss, Side::a>("pss_before", "PSS_A", "proportional set size in A", kPssSource),
    figure_column<DiffFigure::pss, Side::b>("pss_after", "PSS_B", "proportional set size in B", kPssSource),
    figure_column<DiffFigure::pss, Side::change>("pss_change", "PSS_CHG", "proportional set size: B - A", kPssSource),
    figure_column<DiffFigure::uss, Side::a>("uss_before", "USS_A", "memory only it maps in A", kUssSource),
    figure_column<DiffFigure::uss, Side::b>("uss_after", "USS_B", "memory only it maps in B", kUssSource),
    figure_column<DiffFigure::uss, Side::change>("uss_change", "USS_CHG", "memory only it maps: B - A", kUssSource),
    figure_column<DiffFigure::swap, Side::a>("swap_before", "SWAP_A", "swapped memory in A", kSwapSource),
    figure_column<DiffFigure::swap, Side::b>("swap_after", "SWAP_B", "swapped memory in B", kSwapSource),
    figure_column<DiffFigure::swap, Side::change>("swap_change", "SWAP_CHG", "swapped memory: B - A", kSwapSource),
    DiffColumn{{"group", "GROUP", "the program, user or memory cgroup", ValueKind::text, false,
                kNeedNothing, {"", "as --group puts it"}, kInGroups, 0},
               key_cell},
    DiffColumn{{"mapping", "MAPPING", "the mapped object, by name", ValueKind::text, false,
                kNeedNothing, {"smaps", "header: path"}, kInObjects, 0},
               key_cell},
    DiffColumn{{"command", "COMMAND", "command line (B's when in both)", ValueKind::text, false,
                kNeedCmdline, {"cmdline", "argv, NULs as spaces"}, kProcesses, 0},
               key_cell},
};
// clang-format on

}  // namespace

std::span<const DiffColumn> diff_columns() {
  return kColumns;
}

const DiffColumn* find_diff_column(std::string_view key, std::uint8_t view) {
  return find_column(diff_columns(), key, view);
}

std::vector<const DiffColumn*> default_diff_columns(std::uint8_t view, bool complete) {
  std::vector<const DiffColumn*> cols;
  const auto add = [&](std::string_view key) {
    if (const DiffColumn* c = find_diff_column(key, view)) cols.push_back(c);
  };
  if (complete) {
    for (auto key :
         {"pid_before", "pid_after", "match", "name", "processes_before", "processes_after"})
      add(key);
    for (auto figure : {"rss", "pss", "uss", "swap"}) {
      for (auto side : {"_before", "_after", "_change"}) add(std::string(figure) + side);
    }
  } else {
    for (auto key :
         {"pid", "match", "pss_change", "uss_change", "rss_change", "swap_change", "pss_after"}) {
      add(key);
    }
  }
  for (auto key : {"group", "mapping", "command"}) add(key);
  return cols;
}

DiffSortKey default_diff_sort() {
  return {find_diff_column("pss_change", kInProcesses), true};
}

void sort_diff_rows(std::vector<DiffRow>& rows, const DiffSortKey& key) {
  sort_by(
      rows, key, [](const DiffRow& r) -> const DiffRow& { return r; },
      [](const DiffRow& a, const DiffRow& b) {
        if (a.key != b.key) return a.key < b.key;
        return a.pid().value_or(0) < b.pid().value_or(0);
      });
}

}  // namespace memwho
