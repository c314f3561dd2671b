#include "table_tint.hpp"

#include <variant>

namespace memwho {

Tint tint_of(const ColumnMeta& column, const Cell& cell) {
  if (is_unknown(cell)) {
    return column.is_text() ? Tint::none : Tint::unknown;
  }
  // The watch summary's LEAK column holds "suspect" or nothing.
  if (column.key == "leak") return Tint::alarm;
  if (column.sums && column.is_size()) return Tint::sums;
  return Tint::none;
}

void append_tinted(std::string& out, std::string_view text, Tint tint) {
  std::string_view start;
  switch (tint) {
    case Tint::none:
      break;
    case Tint::header:
    case Tint::total:
      start = "\x1b[1m";
      break;
    case Tint::sums:
      start = "\x1b[36m";
      break;
    case Tint::unknown:
      start = "\x1b[33m";
      break;
    case Tint::alarm:
      start = "\x1b[1;31m";
      break;
  }
  if (start.empty() || text.empty()) {
    out += text;
    return;
  }
  out += start;
  out += text;
  out += "\x1b[0m";
}

}  // namespace memwho
