#include "memwho/model/cell.hpp"

#include <limits>

namespace memwho {

Cell size_change_cell(const std::optional<std::uint64_t>& before,
                      const std::optional<std::uint64_t>& after) {
  if (!before || !after) return std::monostate{};
  // The parsers refuse sizes beyond 2^54 KiB, so both fit in int64 and so does their difference.
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (*before > kMax || *after > kMax) return std::monostate{};
  return SizeChangeKib{static_cast<std::int64_t>(*after) - static_cast<std::int64_t>(*before)};
}

int compare_cells(const Cell& a, const Cell& b) {
  if (const auto* x = std::get_if<SizeKib>(&a)) {
    const auto y = std::get<SizeKib>(b).kib;
    return x->kib < y ? -1 : (x->kib > y ? 1 : 0);
  }
  if (const auto* x = std::get_if<std::int64_t>(&a)) {
    const auto y = std::get<std::int64_t>(b);
    return *x < y ? -1 : (*x > y ? 1 : 0);
  }
  if (const auto* x = std::get_if<SizeChangeKib>(&a)) {
    const auto y = std::get<SizeChangeKib>(b).kib;
    return x->kib < y ? -1 : (x->kib > y ? 1 : 0);
  }
  return std::get<std::string_view>(a).compare(std::get<std::string_view>(b));
}

int order_cells(const Cell& a, const Cell& b, bool descending) {
  const bool unknown_a = is_unknown(a);
  const bool unknown_b = is_unknown(b);
  if (unknown_a || unknown_b) return static_cast<int>(unknown_a) - static_cast<int>(unknown_b);
  const int c = compare_cells(a, b);
  return descending ? -c : c;
}

SortSpec parse_sort_spec(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    return {text.substr(1), text.front() == '-'};
  }
  return {text, std::nullopt};
}

}  // namespace memwho
