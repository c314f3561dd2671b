#pragma once
// --explain as a report: a block a process (its RSS sources, the reasons they differ, its sizes)
// and, for several, one for the group; each reason's words are a footer note under its code.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "memwho/aggregate/explain.hpp"
#include "memwho/report/report.hpp"

namespace memwho {

struct ExplainedProcess {
  const ProcessRecord* record = nullptr;
  Explanation explanation;
};

/// Begins the report and writes its blocks; `group`: the group as a whole (several
/// processes). The caller ends it (with kernel_note and the diagnostics).
void report_explain(std::span<const ExplainedProcess> processes,
                    const std::optional<Explanation>& group, std::string_view group_title,
                    ViewInfo view, ReportWriter& writer);

/// The sentence on how `kernel` keeps RSS counters.
Note kernel_note(std::string_view kernel, RssCounting counting);

}  // namespace memwho
