#include "memwho/report/row_limit.hpp"

#include <fmt/format.h>

#include <iterator>

#include "memwho/write/units.hpp"

namespace memwho {

Note left_out_note(const std::vector<const ColumnMeta*>& columns, const std::vector<Total>& totals,
                   std::string_view count, const RowLimit& limit, std::string_view key_title) {
  Note note{NoteKind::footer, "left_out", {}, std::nullopt};
  std::string& s = note.text;
  fmt::format_to(std::back_inserter(s), "{} left out", count);
  if (limit.top) fmt::format_to(std::back_inserter(s), " beyond --top {}", *limit.top);
  if (limit.min_kib) {
    fmt::format_to(std::back_inserter(s), "{} below --min {} of {}", limit.top ? " or" : "",
                   human_kib(*limit.min_kib), key_title);
  }
  std::string sums;
  for (std::size_t i = 0; i < columns.size() && i < totals.size(); ++i) {
    const ColumnMeta& c = *columns[i];
    if (!c.sums || !c.is_size()) continue;
    const Cell total = totals[i].cell(c.kind);
    std::string value;
    if (const auto* size = std::get_if<SizeKib>(&total)) {
      // Some left-out rows unknown, or bounds themselves: the sum is a bound too.
      if (totals[i].unknown > 0 || size->at_least) value = "at least ";
      value += human_kib(size->kib);
    } else if (const auto* change = std::get_if<SizeChangeKib>(&total)) {
      // A change with unknown parts could be anything: no bound to give.
      value = totals[i].unknown > 0 ? "unknown" : human_change_kib(change->kib);
    } else if (const auto* n = std::get_if<std::int64_t>(&total)) {
      value = std::to_string(*n);
    } else {
      value = "unknown";
    }
    fmt::format_to(std::back_inserter(sums), "{}{} {}", sums.empty() ? "" : ", ", c.title, value);
  }
  if (!sums.empty()) fmt::format_to(std::back_inserter(s), "; they add up to {}", sums);
  s += '.';
  return note;
}

}  // namespace memwho
