#include "memwho/model/cell.hpp"

namespace memwho {

int compare_cells(const Cell& a, const Cell& b) {
  if (const auto* x = std::get_if<SizeKib>(&a)) {
    const auto y = std::get<SizeKib>(b).kib;
    return x->kib < y ? -1 : (x->kib > y ? 1 : 0);
  }
  if (const auto* x = std::get_if<std::int64_t>(&a)) {
    const auto y = std::get<std::int64_t>(b);
    return *x < y ? -1 : (*x > y ? 1 : 0);
  }
  if (const auto* x = std::get_if<SizeChange>(&a)) {
    const auto y = std::get<SizeChange>(b).kib;
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
