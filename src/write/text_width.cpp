#include "memwho/write/text_width.hpp"

#include <clocale>
#include <cstdint>
#include <cwchar>

namespace memwho {
namespace {

/// The C.UTF-8 locale, whatever locale memwho runs in: wcwidth() answers from the locale's
/// character table, and only a UTF-8 one knows CJK and emoji. glibc builds C.UTF-8 in (2.35+).
/// Created once and never changed; nullptr when unavailable (then every code point is 1 cell).
locale_t utf8_locale() {
  static const locale_t loc = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return loc;
}

/// Decodes the UTF-8 sequence at the front of `s` (escaped text is valid UTF-8); returns its
/// length, at least 1.
std::size_t decode(std::string_view s, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  std::size_t len = 1;
  if (b0 >= 0xf0) {
    len = 4, cp = b0 & 0x07u;
  } else if (b0 >= 0xe0) {
    len = 3, cp = b0 & 0x0fu;
  } else if (b0 >= 0xc0) {
    len = 2, cp = b0 & 0x1fu;
  } else {
    cp = b0;
    return 1;
  }
  if (len > s.size()) len = s.size();
  for (std::size_t i = 1; i < len; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3fu);
  return len;
}

std::size_t code_point_width(char32_t cp) {
  if (cp < 0x80) return (cp >= 0x20 && cp < 0x7f) ? 1 : 0;
  const locale_t loc = utf8_locale();
  if (loc == nullptr) return 1;
  const locale_t previous = ::uselocale(loc);
  const int w = ::wcwidth(static_cast<wchar_t>(cp));
  ::uselocale(previous);
  // -1: not printable in Unicode's tables (unassigned); terminals draw one cell for it.
  return w < 0 ? 1 : static_cast<std::size_t>(w);
}

/// Length in bytes and width in cells of the unit at the front of `s`: one of memwho's escapes
/// ("\x1b" is four cells that must stay together) or one character.
std::size_t next_unit(std::string_view s, std::size_t& cells) {
  if (s[0] == '\\' && s.size() >= 2) {
    const std::size_t len = (s[1] == 'x' && s.size() >= 4) ? 4 : 2;
    cells = len;
    return len;
  }
  char32_t cp = 0;
  const std::size_t len = decode(s, cp);
  cells = code_point_width(cp);
  return len;
}

}  // namespace

std::size_t display_width(std::string_view printable) {
  std::size_t cells = 0;
  std::size_t i = 0;
  // Fast path: printable ASCII is one cell a byte.
  while (i < printable.size() && static_cast<unsigned char>(printable[i]) < 0x80) {
    const auto c = static_cast<unsigned char>(printable[i]);
    cells += (c >= 0x20 && c < 0x7f) ? 1 : 0;
    ++i;
  }
  while (i < printable.size()) {
    std::size_t w = 0;
    i += next_unit(printable.substr(i), w);
    cells += w;
  }
  return cells;
}

std::string_view prefix_of_width(std::string_view printable, std::size_t cells) {
  std::size_t used = 0;
  std::size_t i = 0;
  while (i < printable.size()) {
    std::size_t w = 0;
    const std::size_t len = next_unit(printable.substr(i), w);
    if (used + w > cells) break;
    used += w;
    i += len;
  }
  return printable.substr(0, i);
}

std::string cut_to_width(std::string_view printable, std::size_t cells, std::string_view marker) {
  if (display_width(printable) <= cells) return std::string(printable);
  const std::size_t marker_cells = display_width(marker);
  if (cells < marker_cells) return std::string(prefix_of_width(marker, cells));
  std::string out(prefix_of_width(printable, cells - marker_cells));
  out += marker;
  return out;
}

}  // namespace memwho

namespace memwho {

std::string wrap_words(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t line_cells = 0;
  bool line_empty = true;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (word.empty()) continue;
    const std::size_t w = display_width(word);
    if (!line_empty && line_cells + 1 + w > width) {
      out += '\n';
      line_cells = 0;
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++line_cells;
    }
    out += word;
    line_cells += w;
    line_empty = false;
  }
  if (!line_empty) out += '\n';
  return out;
}

}  // namespace memwho
