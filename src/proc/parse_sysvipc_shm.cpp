#include "memwho/proc/parse_sysvipc_shm.hpp"

#include <array>
#include <string>

#include "memwho/proc/parse_smaps.hpp"  // for_each_line
#include "parse_number.hpp"

namespace memwho {
namespace {

/// The next blank-separated word of `s`, removed from it; empty at the end.
std::string_view next_word(std::string_view& s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  std::size_t j = i;
  while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
  const std::string_view word = s.substr(i, j - i);
  s.remove_prefix(j);
  return word;
}

template <class T>
bool to_number(std::string_view word, T& out) {
  const auto value = detail::whole_field<T>(word);
  if (value) out = *value;
  return value.has_value();
}

enum Field : std::size_t {
  kKey,
  kShmid,
  kSize,
  kCpid,
  kLpid,
  kNattch,
  kUid,
  kRss,
  kSwap,
  kPerms,
  kFields
};
constexpr std::array<std::string_view, kFields> kNames = {
    "key", "shmid", "size", "cpid", "lpid", "nattch", "uid", "rss", "swap", "perms"};

/// perms is printed "%4o" (ipc/shm.c sysvipc_shm_proc_show): octal.
bool octal(std::string_view word, std::uint32_t& out) {
  if (word.empty() || word.size() > 11) return false;
  std::uint32_t v = 0;
  for (const char c : word) {
    if (c < '0' || c > '7') return false;
    v = v * 8 + static_cast<std::uint32_t>(c - '0');
  }
  out = v;
  return true;
}
constexpr std::size_t kAbsent = ~std::size_t{0};

}  // namespace

std::vector<SysvShmSegment> parse_sysvipc_shm(std::string_view text, std::size_t* bad_lines) {
  std::vector<SysvShmSegment> out;
  std::array<std::size_t, kFields> column{};
  column.fill(kAbsent);
  bool header = false;
  std::size_t bad = 0;
  for_each_line(text, [&](std::string_view line) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;
    std::vector<std::string_view> words;
    for (std::string_view w = next_word(line); !w.empty(); w = next_word(line)) {
      words.push_back(w);
    }
    if (!header) {
      for (std::size_t i = 0; i < words.size(); ++i) {
        for (std::size_t f = 0; f < kFields; ++f) {
          if (words[i] == kNames[f] && column[f] == kAbsent) column[f] = i;
        }
      }
      header = true;
      return;
    }
    auto word = [&](Field f) -> std::string_view {
      return column[f] < words.size() ? words[column[f]] : std::string_view{};
    };
    SysvShmSegment s;
    const bool ok = to_number(word(kKey), s.key) && to_number(word(kShmid), s.shmid) &&
                    to_number(word(kSize), s.size_bytes) && to_number(word(kCpid), s.cpid) &&
                    to_number(word(kLpid), s.lpid) && to_number(word(kNattch), s.nattch) &&
                    to_number(word(kUid), s.uid);
    if (!ok) {
      ++bad;
      return;
    }
    std::uint64_t v = 0;
    if (to_number(word(kRss), v)) s.rss_bytes = v;
    if (to_number(word(kSwap), v)) s.swap_bytes = v;
    std::uint32_t mode = 0;
    if (octal(word(kPerms), mode)) s.mode = mode;
    out.push_back(s);
  });
  if (bad_lines != nullptr) *bad_lines = bad;
  return out;
}

}  // namespace memwho
