#pragma once
// The columns of the group view (--group=name|user|cgroup): the group, how many processes, the
// sizes whose sum across processes means something (PSS, USS, SWAP_PSS...), and with
// --group=cgroup what the cgroup itself is charged.
#include <span>
#include <vector>

#include "memwho/model/column.hpp"
#include "memwho/model/group_row.hpp"

namespace memwho {

using GroupColumn = Column<GroupRow>;
using GroupSortKey = SortKey<GroupRow>;

/// kInGroups for every group view; the cgroup columns fit only --group=cgroup (kInCgroups).
std::span<const GroupColumn> group_columns();
const GroupColumn* find_group_column(std::string_view key, std::uint8_t view);
/// GROUP PROCS PSS USS SWAP_PSS; by cgroup also UNIT and the cgroup's charge and its split.
std::vector<const GroupColumn*> default_group_columns(GroupBy by);

/// Sorts groups by the key; unknown values last, ties by key.
void sort_groups(std::vector<GroupRow>& groups, const GroupSortKey& key);

}  // namespace memwho
