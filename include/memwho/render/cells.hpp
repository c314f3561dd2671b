#pragma once
// Turning one cell into text, shared by every printer (process table, maps view; table and TSV)
// so a size, a number or a name looks the same everywhere.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "memwho/render/escape.hpp"

namespace memwho {

/// A size in KiB; kept apart from plain numbers so printers can choose its unit.
struct SizeKib {
  std::uint64_t kib;
};
/// A cell: unknown (monostate), a size, a signed number, or raw text (escaped when printed).
using Cell = std::variant<std::monostate, SizeKib, std::int64_t, std::string_view>;

/// How a table shows sizes: binary human units ("180.2 MiB"), the same compacted for narrow
/// terminals ("180.2M"), or integer KiB (pmap's "Kbytes").
enum class SizeUnits { human, compact, kib };

/// How a table shows its cells.
struct CellStyle {
  SizeUnits units = SizeUnits::human;
  Charset charset = Charset::utf8;  ///< ascii outside a UTF-8 locale
};

/// Appends the cell as a table shows it: '-' when unknown, text escaped.
void append_table_cell(std::string& out, const Cell& cell, CellStyle style);
/// The same, padded to `width` display cells (on the left when `right`).
void append_table_cell_padded(std::string& out, const Cell& cell, CellStyle style,
                              std::size_t width, bool right);
/// The same as a new string.
std::string table_cell(const Cell& cell, CellStyle style);
/// Appends the cell as TSV carries it: integer KiB, empty when unknown, text escaped.
void append_tsv_cell(std::string& out, const Cell& cell);
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

/// Appends `text` padded with spaces to `width` display cells, on the left when `right`.
void append_padded(std::string& out, std::string_view text, std::size_t width, bool right);

}  // namespace memwho
