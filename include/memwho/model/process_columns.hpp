#pragma once
// The columns of the process view (one row a process), in --list-columns order.
#include <span>
#include <vector>

#include "memwho/model/column.hpp"
#include "memwho/proc/process_record.hpp"

namespace memwho {

using ProcessColumn = Column<ProcessRecord>;
using ProcessSortKey = SortKey<ProcessRecord>;

/// All columns of the process view.
std::span<const ProcessColumn> process_columns();
/// The column with this key that fits `view` (kInProcesses, with kInTree for the tree view),
/// or nullptr.
const ProcessColumn* find_process_column(std::string_view key, std::uint8_t view = kInProcesses);
/// The default tree: PID USER RSS PSS USS TREE_PSS TREE_USS COMMAND (indented).
std::vector<const ProcessColumn*> default_tree_columns();
/// The default sharing view (--sharing): PID PPID RSS PRIVATE SHR_GROUP SHR_OUTSIDE COW_OF
/// COW_SHARED COW_% COMMAND.
std::vector<const ProcessColumn*> default_sharing_columns();
/// The default table: PID USER VSS RSS PSS USS SWAP COMMAND.
std::vector<const ProcessColumn*> default_process_columns();
/// PSS when it is shown; else the first size shown; else pid. Sorting by a column that is not
/// shown would make memwho read smaps_rollup for nothing.
ProcessSortKey default_process_sort(const std::vector<const ProcessColumn*>& shown);

/// Sorts records by the key; unknown values last, ties by pid.
void sort_records(std::vector<ProcessRecord>& records, const ProcessSortKey& key);

}  // namespace memwho
