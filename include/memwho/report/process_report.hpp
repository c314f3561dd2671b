#pragma once
// The process view as a report: one block, a row a process, the totals of the columns that sum,
// and a footer that says what the totals mean.
#include <vector>

#include "memwho/model/process_columns.hpp"
#include "memwho/report/report.hpp"

namespace memwho {

/// The footer of a table of `rows` rows (a `noun`, several `nouns`): which columns TOTAL adds and
/// why the others are left out, and which values were unknown. Empty text when no size column is
/// shown.
Note totals_footer(const std::vector<const ColumnMeta*>& columns, const std::vector<Total>& totals,
                   std::size_t rows, std::string_view noun, std::string_view nouns);

/// Emits `records` (sorted already) as the block of the process view. `view` holds the host
/// and time; its columns and names are filled in here.
void report_processes(const std::vector<ProcessRecord>& records,
                      const std::vector<const ProcessColumn*>& columns, ViewInfo view,
                      ReportWriter& writer);

/// The labels of a process's series: pid, name, user.
std::vector<Label> process_labels(const ProcessRecord& r, std::string& pid_text);

}  // namespace memwho
