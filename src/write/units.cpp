#include "memwho/write/units.hpp"

#include <fmt/format.h>

#include <iterator>

namespace memwho {
namespace {

/// kib / 1024^n with one decimal, moving up a unit before one decimal would round to "1024.0".
/// Returns the index of the unit, counting MiB as 0.
std::size_t scale(std::uint64_t kib, double& value) {
  constexpr std::size_t kLargest = 3;  // PiB
  value = static_cast<double>(kib) / 1024.0;
  std::size_t unit = 0;
  while (value >= 1023.95 && unit < kLargest) {
    value /= 1024.0;
    ++unit;
  }
  return unit;
}

}  // namespace

std::string human_kib(std::uint64_t kib) {
  if (kib < 1024) return fmt::format("{} KiB", kib);
  constexpr const char* kUnits[] = {"MiB", "GiB", "TiB", "PiB"};
  double value = 0;
  const std::size_t unit = scale(kib, value);
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string compact_kib(std::uint64_t kib) {
  if (kib == 0) return "0";
  if (kib < 1024) return fmt::format("{}K", kib);
  constexpr char kUnits[] = {'M', 'G', 'T', 'P'};
  double value = 0;
  const std::size_t unit = scale(kib, value);
  return fmt::format("{:.1f}{}", value, kUnits[unit]);
}

namespace {

/// |kib| as unsigned (INT64_MIN has no positive int64), printed by `unsigned_text` after a sign.
template <class UnsignedText>
std::string signed_text(std::int64_t kib, UnsignedText unsigned_text) {
  if (kib == 0) return "0";
  const std::uint64_t magnitude = kib < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(kib)
                                          : static_cast<std::uint64_t>(kib);
  return (kib < 0 ? "-" : "+") + unsigned_text(magnitude);
}

}  // namespace

std::string human_change_kib(std::int64_t kib) {
  return signed_text(kib, human_kib);
}

std::string compact_change_kib(std::int64_t kib) {
  return signed_text(kib, compact_kib);
}

}  // namespace memwho
