#pragma once
// --top N and --min SIZE: which rows of a sorted view are shown, and a footer for the rest, so
// that a cut list never hides what it left out.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "memwho/model/column.hpp"
#include "memwho/report/report.hpp"

namespace memwho {

struct RowLimit {
  std::optional<std::size_t> top;        ///< --top N: the first N rows (or trees) in sort order
  std::optional<std::uint64_t> min_kib;  ///< --min SIZE: rows whose sort key is at least this
  [[nodiscard]] bool any() const { return top || min_kib; }
  /// True when `key` passes --min: no --min, or a size (a growth) of at least it (an unknown
  /// never is).
  [[nodiscard]] bool passes_min(const Cell& key) const {
    if (!min_kib) return true;
    if (const auto* change = std::get_if<SizeChangeKib>(&key)) {
      return change->kib >= 0 && static_cast<std::uint64_t>(change->kib) >= *min_kib;
    }
    const auto* size = std::get_if<SizeKib>(&key);
    return size != nullptr && size->kib >= *min_kib;
  }
};

/// One row is one unit (every view but the tree).
template <class Row>
std::size_t next_row(const std::vector<Row>& /*rows*/, std::size_t i) {
  return i + 1;
}

/// Moves the rows `limit` keeps to the front of `rows` (sorted by the key whose cell
/// `key_of(row)` gives), in their order, and returns how many. A unit is one row, or a tree
/// root with its subtree: `unit_end(rows, i)` is the index after the unit starting at i; the
/// limit looks at the unit's first row only. An unknown value is below every --min.
template <class Row, class KeyOf, class UnitEnd>
std::size_t keep_rows(std::vector<Row>& rows, KeyOf key_of, const RowLimit& limit,
                      UnitEnd unit_end) {
  if (!limit.any()) return rows.size();
  std::vector<Row> kept, dropped;
  std::size_t units = 0;
  for (std::size_t i = 0; i < rows.size();) {
    const std::size_t end = unit_end(rows, i);
    const bool keep = (!limit.top || units < *limit.top) && limit.passes_min(key_of(rows[i]));
    if (keep) ++units;
    auto& to = keep ? kept : dropped;
    for (std::size_t j = i; j < end; ++j) to.push_back(std::move(rows[j]));
    i = end;
  }
  const std::size_t n = kept.size();
  rows = std::move(kept);
  for (auto& r : dropped) rows.push_back(std::move(r));
  return n;
}

/// The footer for rows a limit left out: how many, why, and what the columns that sum add up
/// to over them ("12 processes left out by --top 10 and --min 100 MiB PSS: PSS 40.2 MiB, USS
/// 12.0 MiB"). `totals` are over the left-out rows, one a column.
Note left_out_note(const std::vector<const ColumnMeta*>& columns, const std::vector<Total>& totals,
                   std::string_view count, const RowLimit& limit, std::string_view key_title);

}  // namespace memwho
