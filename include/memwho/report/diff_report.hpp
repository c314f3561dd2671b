#pragma once
// `memwho diff A B` as a report: one block, a row a process (group, mapped object) with its
// figures in A and B and their change, the totals of the columns that add up, and notes on how
// the rows were paired.
#include <string>
#include <vector>

#include "memwho/model/diff_columns.hpp"
#include "memwho/report/report.hpp"
#include "memwho/report/row_limit.hpp"

namespace memwho {

/// What a diff's rows are: processes, groups or mapped objects (a ViewMask bit).
struct DiffKind {
  std::uint8_t view = kInProcesses;
  std::string_view noun, nouns;  ///< "process", "processes"
};

/// Emits `rows` (sorted; the first `kept` shown, the rest left out by `limit`). `view` holds
/// the run's host and time and the two sources; `notes` go under the footer (how rows were
/// paired, what could not be read).
void report_diff(const std::vector<DiffRow>& rows, std::size_t kept, const DiffKind& kind,
                 const std::vector<const DiffColumn*>& columns, ViewInfo view, ReportWriter& writer,
                 const RowLimit& limit, std::string_view key_title, std::vector<Note> notes);

/// The labels of a row's series: pid_before and pid_after (those it has) and name; group; mapping.
std::vector<Label> diff_labels(const DiffRow& r, std::uint8_t view, std::string& scratch);

}  // namespace memwho
