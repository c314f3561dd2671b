#pragma once
// A row of the maps view: one mapping of smaps, or (in the by-file view) every mapping of one
// object added up. Both views print the same kinds of row, so one column table serves both.
#include <cstdint>
#include <string_view>

#include "memwho/proc/parse_smaps.hpp"

namespace memwho {

struct MapRow {
  int pid = 0;
  const MappingHeader* header = nullptr;  ///< null in the by-file view
  const SmapsCounters* counters = nullptr;
  std::string_view name;      ///< the mapping's object, kernel escapes undone, or "[anon]"
  std::string_view vm_flags;  ///< VmFlags codes; empty in the by-file view
  // Header fields as text (empty in the by-file view): "00007f2a1c000000", "r-xp", "00002000",
  // "fe:00".
  std::string_view address, mode, offset, device;
  std::uint64_t mappings = 1;   ///< mappings added into this row
  std::uint64_t processes = 1;  ///< processes that map it
};

/// Text buffers a MapRow's string_views point into; reused from row to row.
struct MapRowText {
  std::string name;
  char address[16] = {}, offset[16] = {}, device[24] = {}, mode[4] = {};
  std::size_t offset_len = 0, device_len = 0;
};

/// The row of one mapping of process `pid`; valid while `mapping` and `text` are.
MapRow make_map_row(int pid, const Mapping& mapping, MapRowText& text);

/// The object a mapping shows: its path with the kernel's \012 decoded, or a [pseudo] name;
/// "[anon]" for a nameless anonymous mapping. `scratch` holds the decoded text.
std::string_view mapping_object_name(std::string_view kernel_path, std::string& scratch);

}  // namespace memwho
