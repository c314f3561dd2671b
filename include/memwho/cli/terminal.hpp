#pragma once
// What memwho knows about where its output goes: the width to fit, whether the locale can show
// UTF-8, and whether to colour.
#include <cstddef>
#include <cstdint>

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

/// --color=auto|always|never.
enum class ColorChoice : std::uint8_t { automatic, always, never };

/// Whether the table is coloured. The flag decides when given; auto colours only a terminal,
/// and not when NO_COLOR is set and non-empty (no-color.org, which lets an explicit flag turn
/// colour back on) or TERM is "dumb". `no_color` and `term` are the variables' values (nullptr:
/// unset).
bool color_decision(ColorChoice choice, bool stdout_is_terminal, const char* no_color,
                    const char* term);

/// color_decision for this process's stdout and environment.
bool use_color(ColorChoice choice);

}  // namespace memwho
