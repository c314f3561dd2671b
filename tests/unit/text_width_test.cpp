// Tests of terminal widths: cells per code point (wcwidth), cutting that never splits a
// character or an escape and always shows the cut, and word wrapping of footers.
#include "memwho/write/text_width.hpp"

#include <catch2/catch.hpp>
#include <string>

using memwho::cut_to_width;
using memwho::display_width;
using memwho::prefix_of_width;
using memwho::wrap_words;

namespace {
// U+4E2D U+6587 ("中文"): East Asian wide, 2 cells each.
constexpr const char* kCjk = "\xe4\xb8\xad\xe6\x96\x87";
// U+1F418 ELEPHANT: an emoji, 2 cells.
constexpr const char* kElephant = "\xf0\x9f\x90\x98";
// "e" + U+0301 COMBINING ACUTE ACCENT: one cell.
constexpr const char* kEAcute = "e\xcc\x81";
constexpr const char* kEllipsis = "\xe2\x80\xa6";
}  // namespace

TEST_CASE("display_width counts terminal cells, not bytes or code points", "[width]") {
  CHECK(display_width("") == 0);
  CHECK(display_width("abc") == 3);
  CHECK(display_width("caf\xc3\xa9") == 4);               // é: one cell, two bytes
  CHECK(display_width("\xe2\x82\xac\xe2\x82\xac") == 2);  // €€
  CHECK(display_width(kCjk) == 4);                        // two wide characters
  CHECK(display_width(kElephant) == 2);                   // an emoji
  CHECK(display_width(kEAcute) == 1);                     // a combining mark adds nothing
  CHECK(display_width(std::string("a") + kCjk + "b") == 6);
  CHECK(display_width("\\x1b") == 4);  // escapes are printable ASCII
}

TEST_CASE("prefix_of_width never splits a character or an escape", "[width]") {
  CHECK(prefix_of_width("abcdef", 3) == "abc");
  CHECK(prefix_of_width("abc", 3) == "abc");
  CHECK(prefix_of_width("abc", 10) == "abc");
  CHECK(prefix_of_width("abc", 0) == "");
  CHECK(prefix_of_width("\xc3\xa9\xc3\xa9\xc3\xa9", 2) == "\xc3\xa9\xc3\xa9");
  // A wide character that would stick out one cell is left out whole.
  CHECK(prefix_of_width(kCjk, 3) == "\xe4\xb8\xad");
  CHECK(prefix_of_width(kCjk, 1) == "");
  CHECK(prefix_of_width(std::string("a") + kElephant + "b", 2) == "a");
  CHECK(prefix_of_width(std::string("a") + kElephant + "b", 3) == std::string("a") + kElephant);
  // A combining accent stays with its letter.
  CHECK(prefix_of_width(std::string(kEAcute) + "x", 1) == kEAcute);
  // memwho's escapes are units: "\x1b" is cut whole or not at all, "\\" likewise.
  CHECK(prefix_of_width("ab\\x1bcd", 4) == "ab");
  CHECK(prefix_of_width("ab\\x1bcd", 6) == "ab\\x1b");
  CHECK(prefix_of_width("a\\\\b", 2) == "a");
  CHECK(prefix_of_width("a\\\\b", 3) == "a\\\\");
  CHECK(prefix_of_width("a\\nb", 2) == "a");
}

TEST_CASE("cut_to_width marks every cut", "[width]") {
  CHECK(cut_to_width("postgres: 15/main: checkpointer", 14, kEllipsis) ==
        std::string("postgres: 15/") + kEllipsis);
  CHECK(cut_to_width("short", 14, kEllipsis) == "short");
  CHECK(cut_to_width("exactly14chars", 14, kEllipsis) == "exactly14chars");
  CHECK(cut_to_width("abcdef", 4, "+") == "abc+");
  // The result never exceeds the width, even with wide characters at the cut.
  const std::string wide = std::string(kCjk) + kCjk + kCjk;  // 12 cells
  for (std::size_t w = 0; w <= 13; ++w) {
    INFO("width " << w);
    const std::string cut = cut_to_width(wide, w, kEllipsis);
    CHECK(display_width(cut) <= w);
    if (w < 12 && w > 0) CHECK(cut.find(kEllipsis) != std::string::npos);
  }
  CHECK(cut_to_width(wide, 4, kEllipsis) == std::string("\xe4\xb8\xad") + kEllipsis);
  CHECK(cut_to_width("abc", 0, kEllipsis).empty());
}

TEST_CASE("wrap_words wraps sentences at a width", "[width]") {
  CHECK(wrap_words("one two three", 80) == "one two three\n");
  CHECK(wrap_words("one two three", 7) == "one two\nthree\n");
  CHECK(wrap_words("one two three", 3) == "one\ntwo\nthree\n");
  CHECK(wrap_words("toolongword x", 4) == "toolongword\nx\n");
  CHECK(wrap_words("", 10).empty());
  const std::string text =
      "9 processes. TOTAL adds PSS and USS, which add up across processes (PSS splits each "
      "shared page among the processes that map it).";
  for (auto line : {std::string(wrap_words(text, 80)), wrap_words(text, 40)}) {
    std::size_t start = 0;
    for (std::size_t nl = line.find('\n'); nl != std::string::npos; nl = line.find('\n', start)) {
      CHECK(nl - start <= 80);
      start = nl + 1;
    }
  }
}
