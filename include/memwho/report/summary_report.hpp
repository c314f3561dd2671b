#pragma once
// The end of a watch (--interval) as a report: one row a process or group watched, under a
// title that says how many samples over what time, and a footer with the leak-suspect rule.
#include <vector>

#include "memwho/model/summary_columns.hpp"
#include "memwho/report/report.hpp"

namespace memwho {

struct SummaryInfo {
  std::uint64_t samples = 0;
  std::string first_time, last_time;  ///< ISO 8601, as the samples said them
  double seconds = 0;                 ///< from the first sample to the last
  LeakRule rule;
};

/// `view` names the host and time (describe_run); rows in the order given.
void report_summary(const std::vector<SummaryRow>& rows,
                    const std::vector<const SummaryColumn*>& columns, const SummaryInfo& info,
                    ViewInfo view, ReportWriter& writer);

}  // namespace memwho
