#include "memwho/render/units.hpp"

#include <fmt/format.h>

namespace memwho {

std::string human_kib(std::uint64_t kib) {
  if (kib < 1024) return fmt::format("{} KiB", kib);
  constexpr const char* kUnits[] = {"MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(kib) / 1024.0;
  std::size_t unit = 0;
  // Move up a unit before one decimal would round to "1024.0".
  while (value >= 1023.95 && unit + 1 < std::size(kUnits)) {
    value /= 1024.0;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

}  // namespace memwho
