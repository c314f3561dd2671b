#pragma once
// How wide printable text is on a terminal, and cutting it to a width. Widths are terminal cells
// as wcwidth(3) gives them for each code point: 2 for CJK and emoji, 0 for combining marks and
// other zero-width characters, 1 otherwise.
#include <cstddef>
#include <string>
#include <string_view>

namespace memwho {

/// Cells that escaped (hence printable) UTF-8 text takes on a terminal.
std::size_t display_width(std::string_view printable);

/// The longest prefix of `printable` that fits in `cells` cells. It never ends inside a
/// character, never inside one of memwho's escapes (\xHH, \n, \\ ...), and keeps the zero-width
/// characters that follow its last character (a combining accent belongs to its letter).
std::string_view prefix_of_width(std::string_view printable, std::size_t cells);

/// `printable` cut to at most `cells` cells, ending with `marker` (one cell, e.g. "…" or "+")
/// when something was cut off, so a cut is always visible.
std::string cut_to_width(std::string_view printable, std::size_t cells, std::string_view marker);

}  // namespace memwho

namespace memwho {

/// Wraps `text` (one paragraph of words separated by single spaces) into lines of at most
/// `width` cells, each ending in '\n'. A word longer than the width gets a line of its own.
std::string wrap_words(std::string_view text, std::size_t width);

}  // namespace memwho
