#include <limits>

#include "memwho/report/report.hpp"

namespace memwho {

Total& Total::operator+=(const Cell& cell) {
  if (const auto* size = std::get_if<SizeKib>(&cell)) {
    if (kib > std::numeric_limits<std::uint64_t>::max() - size->kib) overflow = true;
    kib += size->kib;
    at_least |= size->at_least;
    ++known;
  } else if (const auto* n = std::get_if<std::int64_t>(&cell)) {
    kib += static_cast<std::uint64_t>(*n);  // counts (MAPS): never negative
    ++known;
  } else if (const auto* change = std::get_if<SizeChangeKib>(&cell)) {
    if (__builtin_add_overflow(change_kib, change->kib, &change_kib)) overflow = true;
    ++known;
  } else if (is_unknown(cell)) {
    ++unknown;
  }
  return *this;
}

Cell Total::cell(ValueKind kind) const {
  if (known == 0 || overflow) return std::monostate{};
  if (kind == ValueKind::size_change) return SizeChangeKib{change_kib};
  if (kind == ValueKind::number) {
    if (kib > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::monostate{};
    }
    return static_cast<std::int64_t>(kib);
  }
  return SizeKib{kib, at_least};
}

}  // namespace memwho
