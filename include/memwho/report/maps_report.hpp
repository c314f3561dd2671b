#pragma once
// The maps views as a report: the mappings of each selected process, read as they stream
// (read_mappings), one block a process; or, by object, every mapping of each object added up
// over the processes into one block. Outcomes that are not a listing become notes.
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "memwho/model/mapping_columns.hpp"
#include "memwho/proc/proc_source.hpp"
#include "memwho/proc/process_record.hpp"
#include "memwho/report/report.hpp"
#include "memwho/report/row_limit.hpp"

namespace memwho {

struct MapsReportOptions {
  std::vector<const MappingColumn*> columns;  ///< resolved for the view
  bool by_object = false;
  std::optional<MappingSortKey> sort;  ///< by object only; PSS descending when absent
  std::string_view permission_hint;    ///< what to do about refused smaps (root or not)
  /// --min (of PSS, per mapping; of the sort key, by object) and --top (by object). With a
  /// limit, TOTAL adds the rows shown and a note adds up the rest.
  RowLimit limit;
};

struct MapsReportResult {
  std::size_t shown = 0;          ///< processes whose mappings were shown whole
  std::size_t cut_short = 0;      ///< processes whose listing is incomplete (exit 3)
  std::size_t partial = 0;        ///< of those, listings cut by a read error, not an exit
  std::vector<Note> diagnostics;  ///< for stderr (and JSON's "problems")
  std::vector<Note> footer;       ///< notes for the end of the output
};

/// Emits the view for `records` (sorted by pid). `flush` is called whenever the writer's text
/// has grown; it returns false when the output has ended (stop reading).
MapsReportResult report_mappings(const ProcSource& source,
                                 const std::vector<ProcessRecord>& records,
                                 const MapsReportOptions& options, ViewInfo view,
                                 ReportWriter& writer, const std::function<bool()>& flush);

}  // namespace memwho
