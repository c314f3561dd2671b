// Tests of escaping untrusted text for the terminal and for TSV, and of decode_kernel_path.
// The promise: after escaping, no byte can move the cursor, start an escape sequence, reorder
// text (bidi) or split a TSV row, and the escaping can be undone exactly.
#include "memwho/write/escape.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "../support/unescape.hpp"

using memwho::decode_kernel_path;
using memwho::escaped;
using memwho::test::has_control_byte;
using memwho::test::unescape;

namespace {

std::string bytes(std::initializer_list<unsigned> list) {
  std::string s;
  for (unsigned b : list) s.push_back(static_cast<char>(b));
  return s;
}

}  // namespace

TEST_CASE("escape: printable ASCII passes unchanged, backslash is doubled", "[escape]") {
  std::string all;
  for (int c = 0x20; c < 0x7f; ++c) {
    if (c != '\\') all.push_back(static_cast<char>(c));
  }
  CHECK(escaped(all) == all);
  CHECK(escaped("\\") == "\\\\");
  CHECK(escaped("a\\nb") == "a\\\\nb");  // a literal backslash-n is not a newline
  CHECK(escaped("\\x41") == "\\\\x41");  // nor is a literal \x41 an 'A'
  CHECK(escaped("") == "");
}

TEST_CASE("escape: every C0 control byte and DEL", "[escape]") {
  CHECK(escaped("\t") == "\\t");
  CHECK(escaped("\n") == "\\n");
  CHECK(escaped("\r") == "\\r");
  CHECK(escaped(std::string_view("\0", 1)) == "\\x00");
  CHECK(escaped("\x1b") == "\\x1b");
  CHECK(escaped("\x7f") == "\\x7f");
  CHECK(escaped("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  for (int c = 0; c < 0x20; ++c) {
    const std::string in(1, static_cast<char>(c));
    const std::string out = escaped(in);
    INFO("byte " << c);
    CHECK_FALSE(has_control_byte(out));
    if (c != '\t' && c != '\n' && c != '\r') {
      CHECK(out.size() == 4);
      CHECK(out.substr(0, 2) == "\\x");
    }
    CHECK(unescape(out) == in);
  }
}

TEST_CASE("escape: C1 controls, bidi controls and invalid UTF-8 are escaped byte by byte",
          "[escape]") {
  // U+009B is CSI on terminals that honour 8-bit controls: C2 9B.
  CHECK(escaped(bytes({0xc2, 0x9b})) == "\\xc2\\x9b");
  CHECK(escaped(bytes({0xc2, 0x80})) == "\\xc2\\x80");  // U+0080, first C1
  CHECK(escaped(bytes({0xc2, 0x9f})) == "\\xc2\\x9f");  // U+009F, last C1
  // A bare 0x9b byte is not UTF-8 at all.
  CHECK(escaped(bytes({0x9b})) == "\\x9b");
  // Bidi overrides and isolates: they reorder what the user sees ("Trojan Source").
  CHECK(escaped(bytes({0xe2, 0x80, 0xae})) == "\\xe2\\x80\\xae");  // U+202E RLO
  CHECK(escaped(bytes({0xe2, 0x80, 0xaa})) == "\\xe2\\x80\\xaa");  // U+202A LRE
  CHECK(escaped(bytes({0xe2, 0x81, 0xa6})) == "\\xe2\\x81\\xa6");  // U+2066 LRI
  CHECK(escaped(bytes({0xe2, 0x81, 0xa9})) == "\\xe2\\x81\\xa9");  // U+2069 PDI
  // Their neighbours are ordinary characters.
  CHECK(escaped(bytes({0xe2, 0x80, 0xaf})) == bytes({0xe2, 0x80, 0xaf}));  // U+202F
  CHECK(escaped(bytes({0xe2, 0x81, 0xaa})) == bytes({0xe2, 0x81, 0xaa}));  // U+206A

  CHECK(escaped(bytes({0xff})) == "\\xff");  // never valid in UTF-8
  CHECK(escaped(bytes({0xfe})) == "\\xfe");
  CHECK(escaped(bytes({0x80})) == "\\x80");                        // lone continuation
  CHECK(escaped(bytes({0xe2, 0x82})) == "\\xe2\\x82");             // truncated at the end
  CHECK(escaped(bytes({0xe2, 0x82, 'A'})) == "\\xe2\\x82A");       // truncated mid-text
  CHECK(escaped(bytes({0xc0, 0x80})) == "\\xc0\\x80");             // overlong NUL
  CHECK(escaped(bytes({0xc1, 0xbf})) == "\\xc1\\xbf");             // overlong DEL
  CHECK(escaped(bytes({0xe0, 0x80, 0xaf})) == "\\xe0\\x80\\xaf");  // overlong '/'
  CHECK(escaped(bytes({0xf0, 0x80, 0x80, 0xaf})) == "\\xf0\\x80\\x80\\xaf");
  CHECK(escaped(bytes({0xed, 0xa0, 0x80})) == "\\xed\\xa0\\x80");             // surrogate U+D800
  CHECK(escaped(bytes({0xed, 0xbf, 0xbf})) == "\\xed\\xbf\\xbf");             // surrogate U+DFFF
  CHECK(escaped(bytes({0xf4, 0x90, 0x80, 0x80})) == "\\xf4\\x90\\x80\\x80");  // > U+10FFFF
  CHECK(escaped(bytes({0xf5, 0x80, 0x80, 0x80})) == "\\xf5\\x80\\x80\\x80");
  // An overlong encoding of ESC must not sneak an ESC through.
  CHECK(escaped(bytes({0xc0, 0x9b})) == "\\xc0\\x9b");
}

TEST_CASE("escape: invisible characters that make lookalike names are escaped", "[escape]") {
  // "memwho" and "mem<ZWSP>who" look the same on a terminal; so do names with marks or BOMs.
  CHECK(escaped("mem\xe2\x80\x8bwho") == "mem\\xe2\\x80\\x8bwho");  // U+200B ZWSP
  CHECK(escaped("\xe2\x80\x8c") == "\\xe2\\x80\\x8c");              // U+200C ZWNJ
  CHECK(escaped("\xe2\x80\x8d") == "\\xe2\\x80\\x8d");              // U+200D ZWJ
  CHECK(escaped("\xef\xbb\xbf") == "\\xef\\xbb\\xbf");              // U+FEFF BOM
  CHECK(escaped("\xe2\x80\x8e") == "\\xe2\\x80\\x8e");              // U+200E LRM
  CHECK(escaped("\xe2\x80\x8f") == "\\xe2\\x80\\x8f");              // U+200F RLM
  CHECK(escaped("\xd8\x9c") == "\\xd8\\x9c");                       // U+061C ALM
  CHECK(escaped("\xc2\xad") == "\\xc2\\xad");                       // U+00AD soft hyphen
  CHECK(escaped("\xe2\x81\xa0") == "\\xe2\\x81\\xa0");              // U+2060 word joiner
  CHECK(escaped("\xe2\x80\xa8") == "\\xe2\\x80\\xa8");              // U+2028 line separator
  CHECK(escaped("\xe2\x80\xa9") == "\\xe2\\x80\\xa9");              // U+2029
  // A combining accent is visible (it marks its letter): it passes.
  CHECK(escaped("e\xcc\x81") == "e\xcc\x81");
}

TEST_CASE("escape: outside a UTF-8 locale every byte >= 0x80 is escaped", "[escape]") {
  using memwho::Charset;
  // c3 9b is valid UTF-8 (U+00DB), but a Latin-1 terminal reads 0x9b as CSI.
  CHECK(escaped("\xc3\x9b", Charset::ascii) == "\\xc3\\x9b");
  CHECK(escaped("caf\xc3\xa9", Charset::ascii) == "caf\\xc3\\xa9");
  CHECK(escaped("plain\tascii", Charset::ascii) == "plain\\tascii");
  CHECK(escaped("\xc3\x9b") == "\xc3\x9b");  // in UTF-8 it is a letter
}

TEST_CASE("escape: valid multibyte UTF-8 passes unchanged", "[escape]") {
  const std::string samples[] = {
      "caf\xc3\xa9",                    // é (2 bytes)
      bytes({0xc2, 0xa0}),              // U+00A0, the first code point after C1
      "\xe2\x82\xac",                   // € (3 bytes)
      "\xe6\x97\xa5\xe6\x9c\xac",       // 日本
      "\xf0\x9f\x98\x80",               // U+1F600 (4 bytes)
      bytes({0xf4, 0x8f, 0xbf, 0xbf}),  // U+10FFFF, the last code point
      bytes({0xed, 0x9f, 0xbf}),        // U+D7FF, just below the surrogates
      bytes({0xee, 0x80, 0x80}),        // U+E000, just above them
  };
  for (const std::string& s : samples) {
    INFO(s);
    CHECK(escaped(s) == s);
  }
  // Mixed: the valid part passes, the rest is escaped.
  CHECK(escaped("\xc3\xa9\x1b\xc3\xa9") == "\xc3\xa9\\x1b\xc3\xa9");
}

TEST_CASE("escape: no output byte is a control byte, and escaping round-trips", "[escape]") {
  SECTION("every single byte") {
    for (int b = 0; b < 256; ++b) {
      const std::string in(1, static_cast<char>(b));
      const std::string out = escaped(in);
      INFO("byte " << b);
      CHECK_FALSE(has_control_byte(out));
      CHECK(unescape(out) == in);
    }
  }
  SECTION("every pair of bytes starting with a UTF-8 lead byte") {
    for (int a = 0xc0; a < 0x100; ++a) {
      for (int b = 0; b < 256; ++b) {
        const std::string in = bytes({static_cast<unsigned>(a), static_cast<unsigned>(b)});
        const std::string out = escaped(in);
        if (has_control_byte(out) || unescape(out) != in) {
          FAIL("bytes " << a << " " << b << " -> " << out);
        }
      }
    }
  }
  SECTION("random byte strings") {
    std::mt19937 rng(12345);  // fixed seed: the same strings on every run
    std::uniform_int_distribution<int> len(0, 40), byte(0, 255), pick(0, 5);
    for (int n = 0; n < 20000; ++n) {
      std::string in;
      const int l = len(rng);
      for (int i = 0; i < l; ++i) {
        // Bias towards the interesting bytes: backslash, ESC, lead and continuation bytes.
        switch (pick(rng)) {
          case 0:
            in.push_back('\\');
            break;
          case 1:
            in.push_back('\x1b');
            break;
          case 2:
            in.push_back(static_cast<char>(0x80 + byte(rng) % 64));
            break;
          case 3:
            in.push_back(static_cast<char>(0xc0 + byte(rng) % 64));
            break;
          default:
            in.push_back(static_cast<char>(byte(rng)));
            break;
        }
      }
      const std::string out = escaped(in);
      if (has_control_byte(out) || unescape(out) != in) FAIL("input #" << n << " -> " << out);
    }
  }
}

TEST_CASE("escape: append_escaped appends", "[escape]") {
  std::string out = "x=";
  memwho::append_escaped(out, "a\tb");
  CHECK(out == "x=a\\tb");
}

TEST_CASE("decode_kernel_path undoes seq_path's octal newline escape", "[escape]") {
  CHECK(decode_kernel_path("/usr/bin/cat") == "/usr/bin/cat");
  CHECK(decode_kernel_path("/tmp/new\\012line.bin") == "/tmp/new\nline.bin");
  CHECK(decode_kernel_path("\\012") == "\n");
  CHECK(decode_kernel_path("\\012\\012") == "\n\n");
  CHECK(decode_kernel_path("/a\\0123") == "/a\n3");
  // Anything else with a backslash is raw: the kernel does not escape backslashes in paths.
  CHECK(decode_kernel_path("/tmp/back\\slash") == "/tmp/back\\slash");
  CHECK(decode_kernel_path("/tmp/x\\01") == "/tmp/x\\01");
  CHECK(decode_kernel_path("/tmp/x\\") == "/tmp/x\\");
  CHECK(decode_kernel_path("\\\\012") == "\\\n");
  CHECK(decode_kernel_path("/tmp/a (deleted)") == "/tmp/a (deleted)");
  CHECK(decode_kernel_path("") == "");
  // Decoded, then escaped for display: the newline shows as \n and never reaches the terminal.
  CHECK(escaped(decode_kernel_path("/tmp/new\\012line")) == "/tmp/new\\nline");
}
