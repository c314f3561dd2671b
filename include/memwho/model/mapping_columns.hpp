#pragma once
// The columns of the maps view: one row a mapping (--maps), or one row a mapped object, all its
// mappings added up (--maps --by=file). Both views show MapRows, so one table serves both; a
// column says which views it fits.
#include <span>
#include <vector>

#include "memwho/model/column.hpp"
#include "memwho/model/map_row.hpp"

namespace memwho {

using MappingColumn = Column<MapRow>;
using MappingSortKey = SortKey<MapRow>;

std::span<const MappingColumn> mapping_columns();
/// The column with this key that fits `view` (kInMappings or kInObjects), or nullptr.
const MappingColumn* find_mapping_column(std::string_view key, std::uint8_t view);
/// ADDRESS SIZE RSS PSS USS DIRTY SWAP MODE MAPPING (pmap -x's, plus PSS, USS and SWAP), with
/// PID first when `with_pid`; by object: SIZE RSS PSS USS DIRTY SWAP MAPS PROCS MAPPING.
std::vector<const MappingColumn*> default_mapping_columns(std::uint8_t view, bool with_pid);

}  // namespace memwho
