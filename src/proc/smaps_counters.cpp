#include "memwho/proc/smaps_counters.hpp"

namespace memwho {

namespace {

/// For each first letter, the keys that start with it: a lookup compares 1 to 5 keys, not 25.
/// This runs for each of the ~24 lines of every mapping of smaps.
struct KeyIndex {
  std::array<std::array<std::uint8_t, 8>, 26> slots{};
  std::array<std::uint8_t, 26> count{};
  constexpr KeyIndex() {
    for (std::size_t i = 0; i < kSmapsKeyCount; ++i) {
      const auto letter = static_cast<std::size_t>(kSmapsKeyNames[i][0] - 'A');
      slots[letter][count[letter]++] = static_cast<std::uint8_t>(i);
    }
  }
};
constexpr KeyIndex kKeyIndex;

}  // namespace

std::optional<SmapsKey> smaps_key_from_name(std::string_view name) {
  if (name.empty() || name[0] < 'A' || name[0] > 'Z') return std::nullopt;
  const auto letter = static_cast<std::size_t>(name[0] - 'A');
  for (std::size_t j = 0; j < kKeyIndex.count[letter]; ++j) {
    const std::uint8_t i = kKeyIndex.slots[letter][j];
    if (kSmapsKeyNames[i] == name) return static_cast<SmapsKey>(i);
  }
  return std::nullopt;
}

}  // namespace memwho
