#pragma once
// The columns of a watch's summary (--interval, at its end): one row a process or group watched,
// with its first, last, lowest and highest PSS and USS, how fast PSS grew, its trend as a
// sparkline, and whether it is a leak suspect.
#include <span>
#include <vector>

#include "memwho/aggregate/watch_history.hpp"
#include "memwho/model/column.hpp"

namespace memwho {

/// A summary row: the series' figures, and its trend drawn for the output's character set.
struct SummaryRow {
  SeriesSummary summary;
  std::string trend;
  bool groups = false;  ///< a group's series: no pid
};

using SummaryColumn = Column<SummaryRow>;

std::span<const SummaryColumn> summary_columns();
/// Every column for the machine formats; the table leaves out the USS lowest and highest.
std::vector<const SummaryColumn*> default_summary_columns(bool table);

}  // namespace memwho
