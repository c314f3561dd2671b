#pragma once
// --tree: the processes shown, as a forest by PPid: each parent above its children, siblings in
// the sort key's order, and each process's subtree (itself and its descendants shown) added up.
#include <vector>

#include "memwho/model/process_columns.hpp"

namespace memwho {

/// Orders `records` depth first (parent, then its children's subtrees) and fills each record's
/// tree position: depth, the drawn command, and the subtree's process count, PSS and USS. A
/// process whose parent is not shown is a root. Siblings and roots are ordered by `sort`, which
/// may be a subtree column. Parent links that form a cycle (only a crafted tree has them) are
/// cut where the walk meets them.
void arrange_tree(std::vector<ProcessRecord>& records, const ProcessSortKey& sort);

/// The number of records in the subtree starting at `records[i]` (depth-first order).
std::size_t subtree_end(const std::vector<ProcessRecord>& records, std::size_t i);

}  // namespace memwho
