#pragma once
// Printers for the process view: a ps-style table for people, TSV for scripts. They see only
// finished records and return text; they never read /proc and never write to a stream.
#include <string>
#include <string_view>
#include <vector>

#include "memwho/proc/process_record.hpp"
#include "memwho/render/columns.hpp"

namespace memwho {

struct TableOptions {
  std::vector<const Column*> columns;
  bool header = true;
  bool totals = true;
  /// The terminal's width, which every line must fit: the last text column (COMMAND) is cut
  /// with `cut_marker`; when the other columns leave it too little room, sizes get compact
  /// units, and when even that does not fit, each process becomes a block of short lines.
  /// 0 = no limit (a pipe, or --wide): nothing is cut.
  std::size_t max_width = 0;
  /// Width the footer's sentences wrap at.
  std::size_t footer_width = 80;
  std::string_view cut_marker = "\xe2\x80\xa6";  // "…"
  Charset charset = Charset::utf8;               ///< ascii outside a UTF-8 locale
};

/// Sum of one column over the records where it is known.
struct ColumnTotal {
  std::uint64_t kib = 0;
  std::size_t known = 0;
};

/// Totals of every summable column, in `columns` order (the others stay zero).
std::vector<ColumnTotal> column_totals(const std::vector<ProcessRecord>& records,
                                       const std::vector<const Column*>& columns);

/// The footer as one paragraph: how many processes, which columns TOTAL adds and why the others
/// are left out, and which values were unknown. Empty when no size column is shown.
std::string table_footer(const std::vector<ProcessRecord>& records,
                         const std::vector<const Column*>& columns,
                         const std::vector<ColumnTotal>& totals);

/// The table: header, a row a process (sizes in binary human units, '-' where unknown), a TOTAL
/// row of the columns that add up, and the footer wrapped at options.footer_width.
std::string render_process_table(const std::vector<ProcessRecord>& records,
                                 const TableOptions& options);

/// TSV: a header of column keys (unless !header), then a row a process; sizes as integer KiB,
/// unknown values empty, text escaped so a field never holds a tab or newline. Nothing else.
std::string render_process_tsv(const std::vector<ProcessRecord>& records,
                               const std::vector<const Column*>& columns, bool header);

}  // namespace memwho
