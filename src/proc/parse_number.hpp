#pragma once
// Number parsing for /proc text: std::from_chars, which never throws and never allocates.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace memwho::detail {

/// The largest KiB count memwho believes: 2^54 KiB is 16 EiB, the whole 64-bit address space.
/// A bigger "size" is not a size (and would overflow the sums).
inline constexpr std::uint64_t kMaxKib = std::uint64_t{1} << 54;

inline bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

/// Skips spaces and tabs at the front of s.
inline std::string_view skip_blanks(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_blank(s[i])) ++i;
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

/// Like take_number, but the number must be a whole field: followed by a blank or the end.
/// "12abc" and "0x10" are not numbers (from_chars alone would read 12 and 0).
template <class T>
std::optional<T> take_field(std::string_view& s) {
  std::string_view rest = s;
  auto value = take_number<T>(rest);
  if (!value || (!rest.empty() && !is_blank(rest.front()) && rest.front() != '\n')) {
    return std::nullopt;
  }
  s = rest;
  return value;
}

/// A text that is one whole number field and nothing else but blanks ("\t1", "42 "; not
/// "12abc", "0x10", "").
template <class T>
std::optional<T> whole_field(std::string_view s) {
  auto value = take_field<T>(s);
  if (!value || !skip_blanks(s).empty()) return std::nullopt;
  return value;
}

/// A size as status and smaps print it: blanks, decimal digits, blanks, "kB", and nothing but
/// blanks after. Anything else ("0x10 kB", "12 MB", "12abc", "-1 kB", "") is not a size, and
/// neither is a count above kMaxKib. (A hand loop, not from_chars: smaps has some 24 of these
/// per mapping, and this is the parser's hottest line.)
inline std::optional<std::uint64_t> parse_kib(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n && is_blank(s[i])) ++i;
  const std::size_t first = i;
  std::uint64_t value = 0;
  while (i < n && s[i] >= '0' && s[i] <= '9') {
    // 2^54 has 17 digits: more cannot be a size, and 18 cannot overflow the loop.
    if (i - first == 17) return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(s[i] - '0');
    ++i;
  }
  if (i == first || value > kMaxKib) return std::nullopt;
  const std::size_t digits_end = i;
  while (i < n && is_blank(s[i])) ++i;
  if (i == digits_end || n - i < 2 || s[i] != 'k' || s[i + 1] != 'B') return std::nullopt;
  i += 2;
  while (i < n && is_blank(s[i])) ++i;
  if (i != n) return std::nullopt;
  return value;
}

}  // namespace memwho::detail
