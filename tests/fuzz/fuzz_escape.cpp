// libFuzzer target: append_escaped() on arbitrary bytes, in both charsets, and cutting to a
// terminal width.
// Checks: no output byte is a C0 control or DEL; no C1 control (C2 80..C2 9F), bidi control
// (U+202A..U+202E, U+2066..U+2069) or zero width space/joiner (U+200B..U+200D) survives; in
// ASCII mode no byte >= 0x80 at all; the escaping round-trips exactly; and a cut never splits a
// UTF-8 sequence or an escape, never exceeds its width, and marks itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "../support/unescape.hpp"
#include "memwho/write/escape.hpp"
#include "memwho/write/text_width.hpp"

using memwho::test::unescape;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  std::string out = "prefix:";
  memwho::append_escaped(out, raw);
  if (out.compare(0, 7, "prefix:") != 0) std::abort();
  const std::string_view esc = std::string_view(out).substr(7);

  for (std::size_t i = 0; i < esc.size(); ++i) {
    const auto b = static_cast<unsigned char>(esc[i]);
    if (b < 0x20 || b == 0x7f) std::abort();
    const auto next = [&](std::size_t k) -> unsigned {
      return i + k < esc.size() ? static_cast<unsigned char>(esc[i + k]) : 0u;
    };
    if (b == 0xc2 && next(1) >= 0x80 && next(1) <= 0x9f) std::abort();
    if (b == 0xe2 && next(1) == 0x80 && next(2) >= 0xaa && next(2) <= 0xae) std::abort();
    if (b == 0xe2 && next(1) == 0x81 && next(2) >= 0xa6 && next(2) <= 0xa9) std::abort();
    if (b == 0xe2 && next(1) == 0x80 && next(2) >= 0x8b && next(2) <= 0x8d) std::abort();
  }
  const auto back = unescape(esc);
  if (!back || *back != raw) std::abort();
  if (memwho::escaped(raw) != esc) std::abort();

  // ASCII mode: nothing but printable ASCII, and the same round trip.
  const std::string ascii = memwho::escaped(raw, memwho::Charset::ascii);
  for (const char c : ascii) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7f) std::abort();
  }
  const auto back_ascii = unescape(ascii);
  if (!back_ascii || *back_ascii != raw) std::abort();

  // Cutting the printable text to a width never splits a code point or an escape, and a cut
  // ends with its marker.
  const std::size_t width = memwho::display_width(esc);
  const std::size_t cells = size == 0 ? 0 : data[0] % (width + 2);
  const std::string_view prefix = memwho::prefix_of_width(esc, cells);
  if (memwho::display_width(prefix) > cells) std::abort();
  if (prefix.size() < esc.size() &&
      (static_cast<unsigned char>(esc[prefix.size()]) & 0xc0) == 0x80) {
    std::abort();
  }
  if (!unescape(prefix)) std::abort();  // a whole number of escapes
  const std::string cut = memwho::cut_to_width(esc, cells, "+");
  if (memwho::display_width(cut) > cells) std::abort();
  if (width > cells && cells > 0 && cut.back() != '+') std::abort();
  return 0;
}
