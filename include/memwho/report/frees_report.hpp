#pragma once
// What stopping the selected processes frees, as the report carries it: the figures (JSON,
// OpenMetrics) and the sentence under the table.
#include <string>
#include <vector>

#include "memwho/model/frees_row.hpp"
#include "memwho/report/report.hpp"

namespace memwho {

/// The selection's figures from its FreesRow; `why_bounds` says why they are not exact.
/// `unseen`: the processes memwho could not read (see FreesMeasure::unseen).
SelectionFrees selection_frees(const FreesRow& row, std::size_t processes, std::string why_bounds,
                               const std::vector<int>& unseen);

/// "Stopping these 5 processes frees 204 MiB (exact, from page frames): ..." or "... between
/// 17 MiB and 231 MiB (bounds: ...)".
Note frees_note(const SelectionFrees& f);

}  // namespace memwho
