#include "memwho/write/cell_text.hpp"

#include <charconv>
#include <limits>

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

void append_signed(std::string& out, std::int64_t v) {
  if (v > 0) out += '+';
  append_integer(out, v);
}

std::optional<std::int64_t> change_bytes(std::int64_t kib) {
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() >> 10;
  if (kib > kLimit || kib < -kLimit) return std::nullopt;
  return kib * 1024;
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
  } else if (const auto* change = std::get_if<SizeChangeKib>(&cell)) {
    switch (style.units) {
      case SizeUnits::human:
        out += human_change_kib(change->kib);
        break;
      case SizeUnits::compact:
        out += compact_change_kib(change->kib);
        break;
      case SizeUnits::kib:
        append_signed(out, change->kib);
        break;
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
  } else if (const auto* change = std::get_if<SizeChangeKib>(&cell)) {
    if (!bytes) {
      append_signed(out, change->kib);
    } else if (const auto b = change_bytes(change->kib)) {
      append_signed(out, *b);
    }
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
