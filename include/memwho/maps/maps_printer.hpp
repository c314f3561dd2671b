#pragma once
// Prints maps-view rows as they arrive: a table with fixed column widths (so no row waits for
// the last one, pmap -x style, with a "total kB" line) or TSV. Appends to a string the caller
// flushes; it never writes to a stream itself.
#include <string>
#include <vector>

#include "memwho/maps/map_columns.hpp"

namespace memwho {

struct MapsPrintOptions {
  std::vector<const MapColumn*> columns;
  bool tsv = false;
  bool header = true;
  std::size_t note_width = 80;      ///< notes under a table wrap at this width
  Charset charset = Charset::utf8;  ///< the table's: ascii outside a UTF-8 locale
};

class MapsPrinter {
 public:
  MapsPrinter(MapsPrintOptions options, std::string& out);

  /// Starts a block: in the table, a title line ("1234: command") and the column header; in
  /// TSV, the header line once for the whole output.
  void begin_block(std::string_view title);
  /// Appends one row and adds it to the block's totals.
  void add(const MapRow& row);
  /// Ends a block: in the table, a rule and the totals line. `exact` holds the kernel's exact
  /// totals of what the block shows (smaps_rollup): the PSS-like columns total from it, since
  /// smaps truncates every mapping's PSS to whole kB; a note then gives the rows' own sum.
  /// Without it (nullptr) they total the rows, and a note says the sum may be short.
  void end_block(const SmapsCounters* exact);
  /// Appends a note to the table, wrapped (nothing in TSV).
  void note(std::string_view text);
  [[nodiscard]] const std::vector<const MapColumn*>& columns() const { return options_.columns; }
  /// Ends a block whose rows are incomplete (the process exited): no totals line.
  void end_block_incomplete();

 private:
  void append_row(const MapRow& row);
  [[nodiscard]] std::size_t width(std::size_t i) const { return widths_[i]; }

  MapsPrintOptions options_;
  std::string& out_;
  std::vector<std::size_t> widths_;  // 0 = unpadded (variable-length text)
  SmapsCounters total_;
  std::uint64_t total_mappings_ = 0;
  bool tsv_header_done_ = false;
  bool first_block_ = true;
};

}  // namespace memwho
