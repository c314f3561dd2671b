#pragma once
// A view of one block of rows (the processes, the tree, the groups) as a report: the rows a
// limit kept, the totals of the columns that sum, a footer that says what each total means, and
// one for the rows --top/--min left out.
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "memwho/report/frees_report.hpp"
#include "memwho/report/process_report.hpp"
#include "memwho/report/row_limit.hpp"

namespace memwho {

/// How a view speaks of a run of its rows: "6 processes", "3 groups of 12 processes".
template <class Row>
struct RowWords {
  std::string_view noun, nouns;  ///< "process", "processes"
  std::function<std::string(std::span<const Row>)> count;
};

/// Emits rows[0, kept) as one block; rows[kept, end) are the ones `limit` left out.
/// labels_of(row, scratch) gives a row's labels, which may point into `scratch`. `extra_notes`
/// go under the footer.
template <class Row, class LabelsOf>
void report_table(const std::vector<Row>& rows, std::size_t kept,
                  const std::vector<const Column<Row>*>& columns, const ViewInfo& view,
                  ReportWriter& writer, LabelsOf labels_of, const RowWords<Row>& words,
                  const RowLimit& limit, std::string_view key_title,
                  std::vector<Note> extra_notes = {},
                  std::optional<SelectionFrees> frees = std::nullopt) {
  writer.begin(view);
  writer.begin_block({});
  Totals totals(columns.size());
  Totals left(columns.size());
  std::vector<Cell> cells(columns.size());
  std::string scratch;  // text the labels point into (a pid as digits)
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t i = 0; i < columns.size(); ++i) cells[i] = columns[i]->value(rows[r]);
    if (r >= kept) {
      left.add(cells);
      continue;
    }
    totals.add(cells);
    const std::vector<Label> labels = labels_of(rows[r], scratch);
    writer.row(cells, labels);
  }
  BlockEnd end;
  end.totals = totals.get();
  end.show_totals = kept > 0;
  const std::span<const Row> all(rows);
  if (kept > 0) {
    Note footer = totals_footer(view.columns, end.totals, words.count(all.first(kept)), words.noun,
                                words.nouns);
    if (!footer.text.empty()) end.notes.push_back(std::move(footer));
  }
  if (kept < rows.size()) {
    end.notes.push_back(
        left_out_note(view.columns, left.get(), words.count(all.subspan(kept)), limit, key_title));
  }
  for (Note& n : extra_notes) end.notes.push_back(std::move(n));
  if (frees) {
    Note note = frees_note(*frees);
    if (!note.text.empty()) end.notes.push_back(std::move(note));
    end.frees = std::move(frees);
  }
  writer.end_block(end);
}

}  // namespace memwho
