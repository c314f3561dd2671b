#include "memwho/write/escape.hpp"

#include <cstdint>

namespace memwho {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex_byte(std::string& out, unsigned char b) {
  out += "\\x";
  out.push_back(kHex[b >> 4]);
  out.push_back(kHex[b & 0xf]);
}

/// Length of the valid UTF-8 sequence at the front of s, or 0 when it is not one (overlong
/// forms, surrogates and code points above U+10FFFF are invalid). `cp` receives the code point.
std::size_t utf8_sequence(std::string_view s, std::uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  std::size_t len = 0;
  std::uint32_t min = 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2, cp = b0 & 0x1fu, min = 0x80;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3, cp = b0 & 0x0fu, min = 0x800;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < len) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3fu);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

bool is_dangerous_code_point(std::uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f)         // C1 controls: 0x9b is CSI on some terminals
         || (cp >= 0x202a && cp <= 0x202e)  // bidi embeddings and overrides
         || (cp >= 0x2066 && cp <= 0x2069)  // bidi isolates
         || cp == 0x200e || cp == 0x200f    // left-to-right and right-to-left marks
         || cp == 0x061c                    // Arabic letter mark
         || cp == 0x00ad || cp == 0x180e    // soft hyphen, Mongolian vowel separator
         || (cp >= 0x200b && cp <= 0x200d)  // zero width space, non-joiner, joiner
         || cp == 0x2028 || cp == 0x2029    // line and paragraph separators
         || (cp >= 0x2060 && cp <= 0x2064)  // word joiner, invisible operators
         || cp == 0xfeff;                   // zero width no-break space (BOM)
}

}  // namespace

void append_escaped(std::string& out, std::string_view raw, Charset charset) {
  // Fast path: most names and paths are printable ASCII without a backslash.
  std::size_t plain = 0;
  while (plain < raw.size()) {
    const auto c = static_cast<unsigned char>(raw[plain]);
    if (c < 0x20 || c >= 0x7f || c == '\\') break;
    ++plain;
  }
  out.append(raw.substr(0, plain));
  std::size_t i = plain;
  while (i < raw.size()) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c >= 0x20 && c < 0x7f) {
      if (c == '\\')
        out += "\\\\";
      else
        out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c < 0x80) {  // C0 control or DEL
      switch (c) {
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          append_hex_byte(out, c);
          break;
      }
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t len = charset == Charset::ascii ? 0 : utf8_sequence(raw.substr(i), cp);
    if (len == 0) {
      append_hex_byte(out, c);
      ++i;
      continue;
    }
    if (is_dangerous_code_point(cp)) {
      for (std::size_t k = 0; k < len; ++k)
        append_hex_byte(out, static_cast<unsigned char>(raw[i + k]));
    } else {
      out.append(raw.substr(i, len));
    }
    i += len;
  }
}

std::string json_terminal_safe(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size();) {
    const auto c = static_cast<unsigned char>(json[i]);
    if (c < 0x80) {
      if (c == 0x7f) {
        out += "\\u007f";
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t len = utf8_sequence(json.substr(i), cp);
    if (len == 0) {  // not UTF-8: keep the byte (the serializer already replaced such text)
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (is_dangerous_code_point(cp)) {
      static constexpr char kHexDigits[] = "0123456789abcdef";
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHexDigits[(cp >> shift) & 0xf]);
    } else {
      out.append(json.substr(i, len));
    }
    i += len;
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t len = utf8_sequence(text.substr(i), cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string escaped(std::string_view raw, Charset charset) {
  std::string out;
  out.reserve(raw.size());
  append_escaped(out, raw, charset);
  return out;
}

void decode_kernel_path_into(std::string_view path, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '\\' && path.substr(i, 4) == "\\012") {
      out.push_back('\n');
      i += 3;
    } else {
      out.push_back(path[i]);
    }
  }
}

std::string decode_kernel_path(std::string_view path) {
  std::string out;
  decode_kernel_path_into(path, out);
  return out;
}

}  // namespace memwho
