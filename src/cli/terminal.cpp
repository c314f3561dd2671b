#include "memwho/cli/terminal.hpp"

#include <langinfo.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace memwho {

std::size_t output_width() {
  if (const char* env = std::getenv("COLUMNS"); env != nullptr && *env != '\0') {
    const std::string_view text(env);
    std::size_t cols = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), cols);
    if (ec == std::errc{} && ptr == text.data() + text.size() && cols > 0) return cols;
  }
  if (::isatty(STDOUT_FILENO) == 0) return 0;
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 0;
}

std::size_t output_height() {
  if (::isatty(STDOUT_FILENO) == 0) return 0;
  if (const char* env = std::getenv("LINES"); env != nullptr && *env != '\0') {
    const std::string_view text(env);
    std::size_t lines = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), lines);
    if (ec == std::errc{} && ptr == text.data() + text.size() && lines > 0) return lines;
  }
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) return ws.ws_row;
  return 24;  // a terminal that will not say: the classic size
}

bool locale_is_utf8() {
  const char* codeset = ::nl_langinfo(CODESET);
  return codeset != nullptr && std::strcmp(codeset, "UTF-8") == 0;
}

}  // namespace memwho

namespace memwho {

Charset terminal_charset() {
  return locale_is_utf8() ? Charset::utf8 : Charset::ascii;
}

}  // namespace memwho

namespace memwho {

bool color_decision(ColorChoice choice, bool stdout_is_terminal, const char* no_color,
                    const char* term) {
  if (choice != ColorChoice::automatic) return choice == ColorChoice::always;
  if (no_color != nullptr && *no_color != '\0') return false;
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return stdout_is_terminal;
}

bool use_color(ColorChoice choice) {
  return color_decision(choice, ::isatty(STDOUT_FILENO) != 0, std::getenv("NO_COLOR"),
                        std::getenv("TERM"));
}

}  // namespace memwho
