#include "memwho/render/cells.hpp"

#include <fmt/format.h>

#include <charconv>
#include <iterator>

#include "memwho/render/escape.hpp"
#include "memwho/render/text_width.hpp"
#include "memwho/render/units.hpp"

namespace memwho {

namespace {

/// Appends an integer: to_chars into a stack buffer, the cheapest way there is.
template <class T>
void append_integer(std::string& out, T v) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  out.append(digits, static_cast<std::size_t>(end - digits));
}

}  // namespace

void append_table_cell(std::string& out, const Cell& cell, CellStyle style) {
  if (const auto* size = std::get_if<SizeKib>(&cell)) {
    switch (style.units) {
      case SizeUnits::human:
        out += human_kib(size->kib);
        break;
      case SizeUnits::compact:
        out += compact_kib(size->kib);
        break;
      case SizeUnits::kib:
        append_integer(out, size->kib);
        break;
    }
  } else if (const auto* n = std::get_if<std::int64_t>(&cell)) {
    append_integer(out, *n);
  } else if (const auto* s = std::get_if<std::string_view>(&cell)) {
    append_escaped(out, *s, style.charset);
  } else {
    out += '-';
  }
}

std::string table_cell(const Cell& cell, CellStyle style) {
  std::string out;
  append_table_cell(out, cell, style);
  return out;
}

void append_tsv_cell(std::string& out, const Cell& cell) {
  if (const auto* size = std::get_if<SizeKib>(&cell)) {
    append_integer(out, size->kib);
  } else if (const auto* n = std::get_if<std::int64_t>(&cell)) {
    append_integer(out, *n);
  } else if (const auto* s = std::get_if<std::string_view>(&cell)) {
    append_escaped(out, *s);
  }
}

int compare_cells(const Cell& a, const Cell& b) {
  if (const auto* x = std::get_if<SizeKib>(&a)) {
    const auto y = std::get<SizeKib>(b).kib;
    return x->kib < y ? -1 : (x->kib > y ? 1 : 0);
  }
  if (const auto* x = std::get_if<std::int64_t>(&a)) {
    const auto y = std::get<std::int64_t>(b);
    return *x < y ? -1 : (*x > y ? 1 : 0);
  }
  return std::get<std::string_view>(a).compare(std::get<std::string_view>(b));
}

void append_table_cell_padded(std::string& out, const Cell& cell, CellStyle style,
                              std::size_t width, bool right) {
  // Format in place, then move it right by the padding: no temporary string per cell.
  const std::size_t start = out.size();
  append_table_cell(out, cell, style);
  const std::size_t w = display_width(std::string_view(out).substr(start));
  if (w >= width) return;
  if (right)
    out.insert(start, width - w, ' ');
  else
    out.append(width - w, ' ');
}

int order_cells(const Cell& a, const Cell& b, bool descending) {
  const bool unknown_a = std::holds_alternative<std::monostate>(a);
  const bool unknown_b = std::holds_alternative<std::monostate>(b);
  if (unknown_a || unknown_b) return static_cast<int>(unknown_a) - static_cast<int>(unknown_b);
  const int c = compare_cells(a, b);
  return descending ? -c : c;
}

SortSpec parse_sort_spec(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    return {text.substr(1), text.front() == '-'};
  }
  return {text, std::nullopt};
}

void append_padded(std::string& out, std::string_view text, std::size_t width, bool right) {
  const std::size_t w = display_width(text);
  const std::size_t pad = width > w ? width - w : 0;
  if (right) out.append(pad, ' ');
  out.append(text);
  if (!right) out.append(pad, ' ');
}

}  // namespace memwho
