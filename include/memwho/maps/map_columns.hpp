#pragma once
// Every column of the maps view in one table: key (-o, --sort, TSV header), title, and value.
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "memwho/maps/map_row.hpp"
#include "memwho/render/cells.hpp"

namespace memwho {

/// Which view a column makes sense in.
enum class MapViewKind : std::uint8_t { mappings, by_file };

struct MapColumn {
  std::string_view key;
  std::string_view title;
  std::string_view description;
  bool is_text = false;
  bool summable = false;          ///< summed into the totals line
  bool per_mapping_only = false;  ///< address, mode, vmflags...: no meaning for a whole object
  bool by_file_only = false;      ///< mappings and processes counts
  Cell (*value)(const MapRow&) = nullptr;
};

std::span<const MapColumn> all_map_columns();
const MapColumn* find_map_column(std::string_view key);
/// ADDRESS SIZE RSS PSS USS DIRTY SWAP MODE MAPPING (pmap -x's, plus PSS, USS and SWAP).
std::vector<const MapColumn*> default_map_columns(MapViewKind view, bool with_pid);
/// True when the column can be shown in this view.
bool map_column_fits(const MapColumn& column, MapViewKind view);

}  // namespace memwho
