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

template <DiffFigure F>
Cell in_a(const DiffRow& r) {
  return DiffRow::figure(r.a, F);
}
template <DiffFigure F>
Cell in_b(const DiffRow& r) {
  return DiffRow::figure(r.b, F);
}
template <DiffFigure F>
Cell change_of(const DiffRow& r) {
  return r.change(F);
}

Cell pid_cell(const std::optional<int>& pid) {
  if (!pid) return std::monostate{};
  return static_cast<std::int64_t>(*pid);
}

Cell key_cell(const DiffRow& r) {
  return std::string_view(r.key);
}

// clang-format off
/// The three columns of one figure: in A, in B, and the change.
#define MEMWHO_DIFF_FIGURE(F, key, title, what, source)                                          \
  DiffColumn{figure_meta(key "_before", title "_A", what " in A", ValueKind::size, F, source),         \
             in_a<F>},                                                                            \
  DiffColumn{figure_meta(key "_after", title "_B", what " in B", ValueKind::size, F, source),         \
             in_b<F>},                                                                            \
  DiffColumn{figure_meta(key "_change", title "_CHG", what ": B - A (gone: minus A; new: B)",     \
                         ValueKind::size_change, F, source),                                     \
             change_of<F>}

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
    MEMWHO_DIFF_FIGURE(DiffFigure::rss, "rss", "RSS", "resident memory", kRssSource),
    MEMWHO_DIFF_FIGURE(DiffFigure::pss, "pss", "PSS", "proportional set size", kPssSource),
    MEMWHO_DIFF_FIGURE(DiffFigure::uss, "uss", "USS", "memory only it maps", kUssSource),
    MEMWHO_DIFF_FIGURE(DiffFigure::swap, "swap", "SWAP", "swapped memory", kSwapSource),
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
#undef MEMWHO_DIFF_FIGURE
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
