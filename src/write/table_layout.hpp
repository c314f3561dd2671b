#pragma once
// Laying out a table whose widths come from the data so that every line fits the terminal:
// the last text column (COMMAND) cut with a marker; sizes in compact units when space is short;
// and, when even that does not fit, one short block of lines a row. Used by the table writer.
#include <string>
#include <vector>

#include "memwho/model/column.hpp"
#include "memwho/report/report.hpp"
#include "memwho/write/writer.hpp"

namespace memwho {

class TableLayout {
 public:
  TableLayout(const std::vector<const ColumnMeta*>& columns, const WriterOptions& options)
      : columns_(columns), options_(options) {}
  /// The rows (and a TOTAL row of the columns that sum, when `totals`) as lines of text.
  std::string render(const std::vector<std::vector<Cell>>& rows,
                     const std::vector<Total>* totals) const;

 private:
  const std::vector<const ColumnMeta*>& columns_;
  const WriterOptions& options_;
};

}  // namespace memwho
