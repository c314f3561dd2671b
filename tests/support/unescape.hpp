#pragma once
// The inverse of memwho's escaping (docs/output-formats.md), for tests and fuzzers only: what
// append_escaped() writes must read back as exactly the bytes it was given.
#include <optional>
#include <string>
#include <string_view>

namespace memwho::test {

inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The inverse of append_escaped, as docs/output-formats.md defines the escapes. nullopt when the
// text contains a backslash that is not one of the escapes (i.e. escaping was not reversible).
inline std::optional<std::string> unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 1 >= s.size()) return std::nullopt;
    const char n = s[++i];
    switch (n) {
      case '\\':
        out.push_back('\\');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'x': {
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = hex_value(s[i + 1]);
        const int lo = hex_value(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

/// True when s holds a C0 control byte or DEL: what escaped text must never contain.
inline bool has_control_byte(std::string_view s) {
  for (const char ch : s) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x20 || b == 0x7f) return true;
  }
  return false;
}

}  // namespace memwho::test
