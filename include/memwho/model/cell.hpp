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
/// A change of a size in KiB, signed: B - A of `memwho diff`, a growth between two samples.
/// Printed with its sign ("+1.5 MiB", "-340 KiB", "0"); its sum over rows is a change too.
struct SizeChangeKib {
  std::int64_t kib;
};
/// A cell: unknown (monostate), a size, a signed number, raw text (escaped when printed), or the
/// change of a size.
using Cell = std::variant<std::monostate, SizeKib, std::int64_t, std::string_view, SizeChangeKib>;

inline bool is_unknown(const Cell& c) {
  return std::holds_alternative<std::monostate>(c);
}

/// A size cell from an optional KiB count: unknown when absent.
inline Cell size_cell(const std::optional<std::uint64_t>& kib) {
  if (!kib) return std::monostate{};
  return SizeKib{*kib};
}

/// The change from `before` to `after` (KiB) as a cell: unknown when either is unknown. A
/// row that exists on one side only passes 0 for the other: its whole size is the change.
Cell size_change_cell(const std::optional<std::uint64_t>& before,
                      const std::optional<std::uint64_t>& after);

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
