#pragma once
// One value of a row in one column, as every writer receives it: unknown, a size, a number or
// text. Kept apart from how it is printed (write/cell_text.hpp).
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

namespace memwho {

/// A size in KiB; kept apart from plain numbers so writers can choose its unit.
struct SizeKib {
  std::uint64_t kib;
  /// A lower bound, not a value: a sum over the parts that could be read when others could not
  /// (a group or subtree with an unreadable member). Tables show it as ">=", the machine
  /// formats as unknown (JSON adds it as KEY_at_least).
  bool at_least = false;
};
/// A change of a size in KiB (a watch's change columns, a diff): signed, "+4.0M" in a table.
struct SizeChange {
  std::int64_t kib;
};
/// A cell: unknown (monostate), a size, a signed number, raw text (escaped when printed), or a
/// change of a size.
using Cell = std::variant<std::monostate, SizeKib, std::int64_t, std::string_view, SizeChange>;

inline bool is_unknown(const Cell& c) {
  return std::holds_alternative<std::monostate>(c);
}

/// A size cell from an optional KiB count: unknown when absent.
inline Cell size_cell(const std::optional<std::uint64_t>& kib) {
  if (!kib) return std::monostate{};
  return SizeKib{*kib};
}

/// A change cell from an optional KiB difference: unknown when absent.
inline Cell change_cell(const std::optional<std::int64_t>& kib) {
  if (!kib) return std::monostate{};
  return SizeChange{*kib};
}

/// Three-way comparison of two known cells of one column (same alternative); text compares
/// bytewise. Callers decide where unknown cells go.
int compare_cells(const Cell& a, const Cell& b);
/// Where `a` goes relative to `b` when sorting a column: negative first, positive after, 0 a tie.
/// Unknown cells go last whatever the direction: a '-' never tops a list.
int order_cells(const Cell& a, const Cell& b, bool descending);

/// A --sort argument: "pss", "-pss" (descending) or "+pid" (ascending).
struct SortSpec {
  std::string_view key;
  std::optional<bool> descending;  ///< nullopt: the column's natural direction
};
SortSpec parse_sort_spec(std::string_view text);

}  // namespace memwho
