#pragma once
// One column model for every kind of row (a process, a mapping, a mapped object, a group): every
// fact about a column in one row of one table. Its key (-o, --sort, the TSV/CSV header, the JSON
// key, the OpenMetrics name), its title, what kind of value it holds, whether its sum across the
// rows of its view means something, what it needs read, and where the value comes from, as data
// that --list-columns and docs/metrics.md take from.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "memwho/model/cell.hpp"

namespace memwho {

/// What a column holds: text, a number, a size (KiB), or the signed change of a size (KiB).
enum class ValueKind : std::uint8_t { text, number, size, size_change };

/// What a column needs read beyond status, as flags (a scan reads the union).
enum Need : std::uint8_t {
  kNeedNothing = 0,
  kNeedCmdline = 1u << 0,       ///< /proc/PID/cmdline
  kNeedRollup = 1u << 1,        ///< /proc/PID/smaps_rollup (Σ smaps before 4.14)
  kNeedCgroup = 1u << 2,        ///< /proc/PID/cgroup
  kNeedCgroupCharge = 1u << 3,  ///< the cgroup's own files under --sys-root (memory.current...)
  kNeedFrames = 1u << 4,        ///< page frames: pagemap, kpagecount, kpageflags, shmem objects
};
using Needs = std::uint8_t;

/// Where a value comes from: a file and its field, or a formula over fields.
struct Source {
  std::string_view file;   ///< "status", "smaps_rollup", "smaps", "cmdline", "stat"; "" = memwho
  std::string_view field;  ///< "VmRSS", "Private_Clean + Private_Dirty", ...
};

/// The views a column can be shown in.
enum ViewMask : std::uint8_t {
  kInProcesses = 1u << 0,
  kInMappings = 1u << 1,  ///< one row a mapping (--maps)
  kInObjects = 1u << 2,   ///< one row a mapped object (--maps --by=file)
  kInGroups = 1u << 3,    ///< one row a group of processes (--group)
  kInCgroups = 1u << 4,   ///< only with --group=cgroup
  kInTree = 1u << 5,      ///< only in the tree view (--tree)
  kInShmem = 1u << 6,     ///< one row a shared memory object (--shmem)
  kInWatch = 1u << 7,     ///< only with --interval: how a row changed between samples
};

struct ColumnMeta {
  std::string_view key;          ///< "pss"
  std::string_view title;        ///< "PSS"
  std::string_view description;  ///< one line for --list-columns, HELP in OpenMetrics
  ValueKind kind = ValueKind::text;
  /// Its sum over the rows of its view counts each page once at most, so TOTAL shows it: PSS,
  /// USS, SWAP_PSS across processes; every size across the mappings of one process. RSS,
  /// SHARED, SWAP... count a page shared by several processes once in each of them: their sum
  /// across processes double counts, and TOTAL leaves them out.
  bool sums = false;
  Needs needs = kNeedNothing;
  Source source;
  std::uint8_t views = kInProcesses;
  /// Fixed-width tables (the maps views, which stream): the value's width, or 0 for free text
  /// (left unpadded: only the last column should be one).
  std::uint8_t width = 9;
  /// For a column that sums: what its TOTAL means, in words, after "TOTAL PSS is" ("their
  /// share of the memory they map"). Empty: the title alone says it.
  std::string_view sum_means = {};
  /// For a size that does not sum: why its TOTAL would mislead. Empty: the usual reason, a page
  /// shared by several processes counts once in each.
  std::string_view not_summed_because = {};

  [[nodiscard]] bool is_text() const { return kind == ValueKind::text; }
  /// A size or the change of one: both are KiB, printed in human units, bytes in JSON.
  [[nodiscard]] bool is_size() const {
    return kind == ValueKind::size || kind == ValueKind::size_change;
  }
  [[nodiscard]] bool is_change() const { return kind == ValueKind::size_change; }
  /// The unit its values are in, for --list-columns and the docs: sizes KiB (bytes in JSON and
  /// OpenMetrics); "count" for a number that adds up (mappings, processes), none for an id
  /// (pid, uid) or text.
  [[nodiscard]] std::string_view unit() const {
    switch (kind) {
      case ValueKind::size:
        return "KiB";
      case ValueKind::size_change:
        return "KiB +/-";
      case ValueKind::number:
        return sums ? "count" : "";
      case ValueKind::text:
        break;
    }
    return "";
  }
  /// Only root gets a value: page frames (pagemap PFNs, kpagecount, kpageflags, map_files).
  [[nodiscard]] bool needs_root() const { return (needs & kNeedFrames) != 0; }
  /// Sizes descend, the rest ascend, unless the user says.
  [[nodiscard]] bool descends_by_default() const { return is_size(); }
};

template <class Row>
struct Column {
  ColumnMeta meta;
  Cell (*value)(const Row&) = nullptr;
};

/// The column with this key that fits `view`, or nullptr.
template <class Row>
const Column<Row>* find_column(std::span<const Column<Row>> all, std::string_view key,
                               std::uint8_t view) {
  for (const Column<Row>& c : all) {
    if (c.meta.key == key && (c.meta.views & view) != 0) return &c;
  }
  return nullptr;
}

/// How to order rows: a column and a direction.
template <class Row>
struct SortKey {
  const Column<Row>* column = nullptr;
  bool descending = true;
};

/// Parses "pss", "-rss", "+pid" for `view`; nullopt for an unknown key.
template <class Row>
std::optional<SortKey<Row>> parse_sort_key(std::span<const Column<Row>> all, std::string_view text,
                                           std::uint8_t view) {
  const SortSpec spec = parse_sort_spec(text);
  const Column<Row>* column = find_column(all, spec.key, view);
  if (column == nullptr) return std::nullopt;
  return SortKey<Row>{column, spec.descending.value_or(column->meta.descends_by_default())};
}

/// Sorts `items` by the key's column of project(item); unknown values last; ties by `tie_less`.
template <class Row, class Item, class Project, class TieLess>
void sort_by(std::vector<Item>& items, const SortKey<Row>& key, Project project, TieLess tie_less) {
  std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    const int order =
        order_cells(key.column->value(project(a)), key.column->value(project(b)), key.descending);
    return order != 0 ? order < 0 : tie_less(a, b);
  });
}

/// The metadata of columns, for writers that do not know the row type.
template <class Row>
std::vector<const ColumnMeta*> metas_of(const std::vector<const Column<Row>*>& columns) {
  std::vector<const ColumnMeta*> out;
  out.reserve(columns.size());
  for (const Column<Row>* c : columns) out.push_back(&c->meta);
  return out;
}

}  // namespace memwho
