#pragma once
// Colour in the table, to help the eye and never to carry information alone: what it marks is
// also in the text (the TOTAL row, the '-' of an unknown size, the word "suspect"). SGR codes of
// the 16-colour set, which every terminal and every theme maps to something legible; they are
// added around a cell's text after the layout measured it, so they take no cells.
#include <cstdint>
#include <string>
#include <string_view>

#include "memwho/model/cell.hpp"
#include "memwho/model/column.hpp"

namespace memwho {

enum class Tint : std::uint8_t {
  none,
  header,   ///< the header line: bold
  total,    ///< TOTAL and the sums in its row: bold
  sums,     ///< a size that adds up across rows (PSS, USS...): the real totals, cyan
  unknown,  ///< a size that could not be read ('-'): yellow
  alarm,    ///< a leak suspect: bold red
};

/// How a body cell of `column` holding `cell` is tinted.
Tint tint_of(const ColumnMeta& column, const Cell& cell);

/// Appends `text` in `tint` (as it is for Tint::none), the colour reset right after it.
void append_tinted(std::string& out, std::string_view text, Tint tint);

}  // namespace memwho
