// libFuzzer target: append_escaped() on arbitrary bytes.
// Checks: no output byte is a C0 control or DEL; no C1 control (C2 80..C2 9F) or bidi control
// (U+202A..U+202E, U+2066..U+2069) survives; the escaping round-trips exactly; and
// truncate_to_width never cuts inside a UTF-8 sequence of the escaped text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "../support/unescape.hpp"
#include "memwho/render/escape.hpp"

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
  }
  const auto back = unescape(esc);
  if (!back || *back != raw) std::abort();
  if (memwho::escaped(raw) != esc) std::abort();

  // Cutting the printable text to a width never splits a code point.
  const std::size_t width = memwho::display_width(esc);
  const std::size_t cells = size == 0 ? 0 : data[0] % (width + 1);
  const std::string_view cut = memwho::truncate_to_width(esc, cells);
  if (memwho::display_width(cut) != cells) std::abort();
  if (cut.size() < esc.size() && (static_cast<unsigned char>(esc[cut.size()]) & 0xc0) == 0x80) {
    std::abort();
  }
  return 0;
}
