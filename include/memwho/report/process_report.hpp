#pragma once
// The process view as a report: one block, a row a process, the totals of the columns that sum,
// and a footer that says what the totals mean.
#include <vector>

#include "memwho/model/process_columns.hpp"
#include "memwho/report/report.hpp"
#include "memwho/report/row_limit.hpp"

namespace memwho {

/// The footer of a table whose rows `count` says ("6 processes", "3 groups of 12 processes"),
/// each a `noun` (several `nouns`): what each total means, why the columns that double count are
/// left out, and which values were unknown. Empty text when no size column is shown.
Note totals_footer(const std::vector<const ColumnMeta*>& columns, const std::vector<Total>& totals,
                   std::string_view count, std::string_view noun, std::string_view nouns);

/// Emits `records` (sorted already, the first `kept` the ones shown, the rest those `limit`
/// left out) as the block of the process view (or the tree). `view` holds the host and time;
/// its columns and names are filled in here. `key_title` names the sort key for the footer.
void report_processes(const std::vector<ProcessRecord>& records, std::size_t kept,
                      const std::vector<const ProcessColumn*>& columns, ViewInfo view,
                      ReportWriter& writer, const RowLimit& limit, std::string_view key_title,
                      std::optional<SelectionFrees> frees = std::nullopt,
                      std::vector<Note> extra = {});

/// The labels of a process's series: pid, name, user.
std::vector<Label> process_labels(const ProcessRecord& r, std::string& pid_text);

}  // namespace memwho
