#pragma once
// The columns of `memwho diff A B`: what identifies a row (a process, a group, a mapped object),
// how it was matched, and for RSS, PSS, USS and swap the figure in A, in B and the change.
#include <span>
#include <vector>

#include "memwho/model/column.hpp"
#include "memwho/model/diff_row.hpp"

namespace memwho {

using DiffColumn = Column<DiffRow>;
using DiffSortKey = SortKey<DiffRow>;

/// Every diff column; a column's views say which diff it fits: kInProcesses (processes),
/// kInGroups (--group), kInObjects (--maps --by=file).
std::span<const DiffColumn> diff_columns();
const DiffColumn* find_diff_column(std::string_view key, std::uint8_t view);
/// The table's: PID (or GROUP, MAPPING last) MATCH, the four changes, PSS_B, COMMAND. The
/// machine formats' (`complete`): the pids, MATCH, NAME, each figure in A, in B and its change.
std::vector<const DiffColumn*> default_diff_columns(std::uint8_t view, bool complete);
/// The change of PSS, largest growth first.
DiffSortKey default_diff_sort();

/// Sorts rows by the key; unknown values last, ties by key then pid.
void sort_diff_rows(std::vector<DiffRow>& rows, const DiffSortKey& key);

}  // namespace memwho
