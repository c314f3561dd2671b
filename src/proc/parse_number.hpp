#pragma once
// Number parsing for /proc text: std::from_chars, which never throws and never allocates.
#include <charconv>
#include <optional>
#include <string_view>

namespace memwho::detail {

/// Skips spaces and tabs at the front of s.
inline std::string_view skip_blanks(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

/// Parses a number at the front of s (after blanks); on success s is advanced past it.
template <class T>
std::optional<T> take_number(std::string_view& s, int base = 10) {
  s = skip_blanks(s);
  T value{};
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
  if (ec != std::errc{}) return std::nullopt;
  s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
  return value;
}

}  // namespace memwho::detail
