#include "memwho/proc/smaps_counters.hpp"

namespace memwho {

std::optional<SmapsKey> smaps_key_from_name(std::string_view name) {
  // 25 keys: comparing the length first makes the miss path one integer compare per key.
  for (std::size_t i = 0; i < kSmapsKeyCount; ++i) {
    const std::string_view k = kSmapsKeyNames[i];
    if (k.size() == name.size() && k == name) return static_cast<SmapsKey>(i);
  }
  return std::nullopt;
}

}  // namespace memwho
