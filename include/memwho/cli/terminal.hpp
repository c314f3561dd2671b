#pragma once
// What memwho knows about where its output goes: the width to fit, and whether the locale
// can show UTF-8.
#include <cstddef>

#include "memwho/write/escape.hpp"

namespace memwho {

/// The width table output must fit: $COLUMNS when set to a number (as ps does, so that
/// `watch memwho` fits watch's window), else the width of the terminal stdout is on;
/// 0 when stdout is not a terminal (nothing is cut in a pipe).
std::size_t output_width();

/// True when LC_CTYPE's character set is UTF-8 (call setlocale(LC_CTYPE, "") first).
bool locale_is_utf8();

/// The lines of the terminal stdout is on ($LINES when set to a number); 0 when stdout is not a
/// terminal.
std::size_t output_height();

/// What text for the terminal (the table, stderr) may carry: UTF-8, or ASCII only.
Charset terminal_charset();

}  // namespace memwho
