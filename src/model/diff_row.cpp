#include "memwho/model/diff_row.hpp"

namespace memwho {

std::string_view match_word(DiffMatch m) {
  switch (m) {
    case DiffMatch::pid:
      return "pid";
    case DiffMatch::cmdline:
      return "cmdline";
    case DiffMatch::name:
      return "name";
    case DiffMatch::key:
      return "both";
    case DiffMatch::gone:
      return "gone";
    case DiffMatch::fresh:
      break;
  }
  return "new";
}

Cell DiffRow::change(DiffFigure f) const {
  // A lower bound minus a value bounds nothing: only exact figures make a change.
  const auto exact = [f](const DiffSide& side) -> std::optional<std::uint64_t> {
    const Cell c = figure(side, f);
    const auto* size = std::get_if<SizeKib>(&c);
    if (size == nullptr || size->at_least) return std::nullopt;
    return size->kib;
  };
  return size_change_cell(exact(a), exact(b));
}

}  // namespace memwho
