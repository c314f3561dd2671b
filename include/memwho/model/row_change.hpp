#pragma once
// How a row moved during a watch (--interval), and its columns, one definition for the process
// and the group views: the change of the sort key against the previous sample and the first,
// and whether the row is new.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "memwho/model/column.hpp"

namespace memwho {

/// A row's change: against the previous sample and against the first it was seen in.
struct RowChange {
  bool appeared = false;  ///< new since the previous sample (never in the first sample)
  std::optional<std::int64_t> since_previous, since_first;  ///< KiB of the key; absent: unknown
};

enum class ChangeField : std::uint8_t { since_previous, since_first, appeared };

constexpr ColumnMeta change_meta(ChangeField f) {
  struct Def {
    std::string_view key, title, description;
  };
  constexpr std::array<Def, 3> kDefs = {{
      {"change", "CHANGE",
       "--interval: the change of the sort key (PSS unless sorted by another size) since the "
       "previous sample"},
      {"change_first", "SINCE_1ST",
       "--interval: the change of the sort key since the first sample the row was in"},
      {"new", "NEW", "--interval: 'new' when the row was not in the previous sample"},
  }};
  const Def& d = kDefs[static_cast<std::size_t>(f)];
  const bool text = f == ChangeField::appeared;
  ColumnMeta m{d.key,
               d.title,
               d.description,
               text ? ValueKind::text : ValueKind::size_change,
               false,
               kNeedNothing,
               {"", text ? "pid + start time (groups: key) not in the previous sample"
                         : "this sample's key minus the earlier one's"},
               kInWatch};
  m.width = text ? 3 : 9;
  m.not_summed_because = "each follows its own row";
  return m;
}

inline Cell change_field_cell(const RowChange* change, ChangeField f) {
  if (change == nullptr) return std::monostate{};
  const auto kib = [](const std::optional<std::int64_t>& v) -> Cell {
    if (!v) return std::monostate{};
    return SizeChangeKib{*v};
  };
  switch (f) {
    case ChangeField::since_previous:
      return kib(change->since_previous);
    case ChangeField::since_first:
      return kib(change->since_first);
    case ChangeField::appeared:
      return std::string_view(change->appeared ? "new" : "");
  }
  return {};
}

}  // namespace memwho
