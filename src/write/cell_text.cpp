#include "memwho/write/cell_text.hpp"

#include <charconv>

#include "memwho/write/text_width.hpp"
#include "memwho/write/units.hpp"

namespace memwho {

void append_integer(std::string& out, std::uint64_t v) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  out.append(digits, static_cast<std::size_t>(end - digits));
}

void append_integer(std::string& out, std::int64_t v) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  out.append(digits, static_cast<std::size_t>(end - digits));
}

void append_table_cell(std::string& out, const Cell& cell, CellStyle style) {
  if (const auto* size = std::get_if<SizeKib>(&cell)) {
    if (size->at_least) out += ">=";  // the same in every locale, as the footer says it
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
  } else if (const auto* change = std::get_if<SizeChange>(&cell)) {
    // Always signed, so a change never reads as a size; 0 is no change.
    if (change->kib == 0) {
      out += '0';
    } else {
      out += change->kib > 0 ? '+' : '-';
      const std::uint64_t magnitude = change->kib > 0 ? static_cast<std::uint64_t>(change->kib)
                                                      : 0 - static_cast<std::uint64_t>(change->kib);
      switch (style.units) {
        case SizeUnits::human:
          out += human_kib(magnitude);
          break;
        case SizeUnits::compact:
          out += compact_kib(magnitude);
          break;
        case SizeUnits::kib:
          append_integer(out, magnitude);
          break;
      }
    }
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

void append_plain_cell(std::string& out, const Cell& cell, bool bytes) {
  if (const auto* size = std::get_if<SizeKib>(&cell)) {
    if (size->at_least) return;  // a bound is not a value: unknown, as the docs say
    // A row's KiB are at most 2^54 (the parsers refuse more), so its bytes fit in 64 bits; a
    // total beyond that is left empty (unknown) rather than wrapped.
    if (!bytes) {
      append_integer(out, size->kib);
    } else if (size->kib <= (~std::uint64_t{0} >> 10)) {
      append_integer(out, size->kib * 1024);
    }
  } else if (const auto* n = std::get_if<std::int64_t>(&cell)) {
    append_integer(out, *n);
  } else if (const auto* change = std::get_if<SizeChange>(&cell)) {
    // |KiB| <= 2^54 as for sizes, so bytes fit in 64 signed bits.
    append_integer(out, bytes ? change->kib * 1024 : change->kib);
  } else if (const auto* s = std::get_if<std::string_view>(&cell)) {
    append_escaped(out, *s);
  }
}

void append_padded(std::string& out, std::string_view text, std::size_t width, bool right) {
  const std::size_t w = display_width(text);
  const std::size_t pad = width > w ? width - w : 0;
  if (right) out.append(pad, ' ');
  out.append(text);
  if (!right) out.append(pad, ' ');
}

}  // namespace memwho
