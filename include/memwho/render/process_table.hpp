#pragma once
// Printers for the process view: a ps-style table for people, TSV for scripts. They see only
// finished records and return text; they never read /proc and never write to a stream.
#include <string>
#include <vector>

#include "memwho/proc/process_record.hpp"
#include "memwho/render/columns.hpp"

namespace memwho {

struct TableOptions {
  std::vector<const Column*> columns;
  bool header = true;
  bool totals = true;
  std::size_t max_width = 0;  ///< cut the last text column to fit; 0 = never cut
};

/// Sum of one column over the records where it is known.
struct ColumnTotal {
  std::uint64_t kib = 0;
  std::size_t known = 0;
};

/// Totals of every summable column, in `columns` order (unsummable ones stay zero).
std::vector<ColumnTotal> column_totals(const std::vector<ProcessRecord>& records,
                                       const std::vector<const Column*>& columns);

/// The table: header, a row a process (sizes in binary human units, '-' where unknown), a TOTAL
/// row, and a line saying which total is real (PSS) and which double counts (RSS).
std::string render_process_table(const std::vector<ProcessRecord>& records,
                                 const TableOptions& options);

/// TSV: a header of column keys (unless !header), then a row a process; sizes as integer KiB,
/// unknown values empty, text escaped so a field never holds a tab or newline. Nothing else.
std::string render_process_tsv(const std::vector<ProcessRecord>& records,
                               const std::vector<const Column*>& columns, bool header);

}  // namespace memwho
